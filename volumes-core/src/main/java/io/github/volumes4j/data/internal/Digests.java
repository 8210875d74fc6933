package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.TreeDigest;

/**
 * The one place a tracker's {@link EntryTracker.Totals} become the API's {@link TreeDigest} (so the
 * tracker, which {@code TreeDigest.of} uses, does not depend on the value it helps to build).
 */
public final class Digests {

  private Digests() {}

  /** The digest of everything the tracker accepted, after its end-of-archive checks. */
  public static TreeDigest of(EntryTracker tracker) {
    EntryTracker.Totals t = tracker.totals();
    return TreeDigest.builder().sha256(t.sha256()).files(t.files()).directories(t.directories())
        .symlinks(t.symlinks()).others(t.others()).bytes(t.bytes()).build();
  }
}
