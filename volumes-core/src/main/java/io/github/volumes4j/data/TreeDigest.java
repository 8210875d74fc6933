package io.github.volumes4j.data;

import io.github.volumes4j.internal.VolumesStyle;
import io.github.volumes4j.data.internal.EntryTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import io.github.volumes4j.data.internal.TarReader;
import org.immutables.value.Value;

/**
 * A SHA-256 digest of a directory tree that does not depend on the order of its entries (one SHA-256
 * per entry, summed): names (as bytes),
 * types, permission bits, numeric owners, mtimes in whole seconds, link targets, hard-link groups
 * and file content. Two volumes with the same digest hold the same tree, whichever engine they
 * are on. Sub-second mtimes and extended attributes are left out: the archive endpoints drop them;
 * so is the mtime of the root directory, which a write through the archive endpoint does not set.
 *
 * <pre>{@code
 * TreeDigest before = volumes.digest("pgdata");
 * volumes.clone("pgdata").to("pgdata-copy");
 * assert volumes.digest("pgdata-copy").equals(before);
 * }</pre>
 */
@Value.Immutable
@VolumesStyle
public abstract class TreeDigest {

  TreeDigest() {}

  /** The SHA-256, 64 lowercase hex digits. */
  public abstract String sha256();

  /** Regular files (each hard-linked name counts once per name). */
  @Value.Auxiliary
  public abstract long files();

  /** Directories, the root included. */
  @Value.Auxiliary
  public abstract long directories();

  /** Symbolic links. */
  @Value.Auxiliary
  public abstract long symlinks();

  /** Other entries: devices, fifos. */
  @Value.Auxiliary
  public abstract long others();

  /** Content bytes of regular files (hard-linked content counted once). */
  @Value.Auxiliary
  public abstract long bytes();

  /** All entries, the root directory included. */
  public final long entries() {
    return files() + directories() + symlinks() + others();
  }

  /** The digest of a tar stream (read to its end, not closed), entries named relative to the tree's root. */
  public static TreeDigest of(InputStream tar) {
    EntryTracker tracker = new EntryTracker(EntryTracker.FROM_VOLUME);
    try {
      TarReader in = new TarReader(tar);
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        tracker.accept(e, tracker.check(e), in, null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the tar stream failed: " + e.getMessage(), e);
    }
    EntryTracker.Totals t = tracker.totals();
    return builder().sha256(t.sha256()).files(t.files()).directories(t.directories()).symlinks(t.symlinks())
        .others(t.others()).bytes(t.bytes()).build();
  }

  @Override
  public String toString() {
    return "sha256:" + sha256() + " (" + files() + " files, " + directories() + " directories, " + symlinks()
        + " symlinks, " + others() + " others, " + bytes() + " bytes)";
  }

  /** A builder, for the library and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TreeDigest}. */
  public static final class Builder extends ImmutableTreeDigest.Builder {}
}
