package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.data.UntrustedManifestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The backup layout (format 2): {@code .volumes4j/manifest.json}, then, when the backup is
 * authenticated, {@code .volumes4j/manifest.hmac} (HMAC-SHA256 of the manifest's bytes), then
 * {@code data/...}, then {@code .volumes4j/content.json} (counts, tree digest, the manifest's
 * SHA-256, and when authenticated an HMAC over all of it). Writing and reading, with verification
 * on read: a manifest changed after the backup fails the checksum, and with a key, nobody without
 * the key can write a manifest the reader accepts.
 */
public final class BackupFormat {

  public static final String MANIFEST = ".volumes4j/manifest.json";
  public static final String MANIFEST_HMAC = ".volumes4j/manifest.hmac";
  public static final String CONTENT = ".volumes4j/content.json";
  public static final String DATA = "data/";
  private static final int MAX_JSON = 1 << 20;

  private BackupFormat() {}

  // ---- writing ---------------------------------------------------------------------------------

  /**
   * Writes the first entry, the volume's metadata (everything but {@code content}), and its HMAC when
   * a key is given. @return the state the trailer needs ({@link #writeTrailer})
   */
  public static Header writeHeader(TarArchiveOutputStream tar, BackupManifest probe, Optional<SecretKey> key)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", probe.format());
    json.put("volume", probe.volumeName());
    json.put("driver", probe.driver());
    json.put("driverOptions", probe.driverOptions());
    Map<String, Object> masked = new LinkedHashMap<>();
    probe.maskedOptions().forEach(k -> masked.put(k, true));
    json.put("maskedOptions", masked);
    json.put("labels", probe.labels());
    probe.volumeCreatedAt().ifPresent(t -> json.put("volumeCreatedAt", t.toString()));
    json.put("backedUpAt", probe.backedUpAt().toString());
    json.put("engine", probe.engine());
    byte[] bytes = Json.write(json).getBytes(StandardCharsets.UTF_8);
    writeBytes(tar, MANIFEST, bytes, probe.backedUpAt());
    Header h = new Header(sha256(bytes), key);
    if (key.isPresent()) {
      writeBytes(tar, MANIFEST_HMAC, (hmac(key.get(), bytes) + "\n").getBytes(StandardCharsets.US_ASCII),
          probe.backedUpAt());
    }
    return h;
  }

  /** What the trailer carries about the header. */
  public static final class Header {
    final String manifestSha256;
    final Optional<SecretKey> key;

    Header(String manifestSha256, Optional<SecretKey> key) {
      this.manifestSha256 = manifestSha256;
      this.key = key;
    }
  }

  /** Writes the last entry: counts, digest, the manifest's checksum, and the HMAC of all of it when keyed. */
  public static void writeTrailer(TarArchiveOutputStream tar, TreeDigest d, Instant at, Header h) throws IOException {
    Map<String, Object> json = trailerJson(d, h.manifestSha256);
    if (h.key.isPresent()) {
      json.put("hmac", hmac(h.key.get(), trailerText(d, h.manifestSha256).getBytes(StandardCharsets.UTF_8)));
    }
    writeBytes(tar, CONTENT, Json.write(json).getBytes(StandardCharsets.UTF_8), at);
  }

  private static Map<String, Object> trailerJson(TreeDigest d, String manifestSha256) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sha256", d.sha256());
    json.put("files", d.files());
    json.put("directories", d.directories());
    json.put("symlinks", d.symlinks());
    json.put("others", d.others());
    json.put("bytes", d.bytes());
    json.put("manifestSha256", manifestSha256);
    return json;
  }

  /** What the trailer's HMAC covers, in a fixed spelling. */
  private static String trailerText(TreeDigest d, String manifestSha256) {
    return "volumes4j-backup-2|" + manifestSha256 + "|" + d.sha256() + "|" + d.files() + "|" + d.directories() + "|"
        + d.symlinks() + "|" + d.others() + "|" + d.bytes();
  }

  private static void writeBytes(TarArchiveOutputStream tar, String name, byte[] bytes, Instant at) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    e.setMode(0100644);
    e.setModTime(at.getEpochSecond() * 1000L);   // whole seconds: no PAX mtime record
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  static String sha256(byte[] bytes) {
    try {
      return EntryTracker.hex(MessageDigest.getInstance("SHA-256").digest(bytes), 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  static String hmac(SecretKey key, byte[] bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return EntryTracker.hex(mac.doFinal(bytes), 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the key cannot make an HMAC-SHA256: " + e.getMessage(), e);
    }
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Reads a backup entry by entry: header, data (checked, digested, optionally re-written), trailer. */
  public static final class Reader {
    private final TarReader in;
    private final EntryTracker tracker;
    private final String source;
    private final Optional<SecretKey> key;
    private BackupManifest.Builder header;
    private String manifestSha256;
    private boolean authenticated;
    private TarArchiveEntry pending;
    private BackupManifest manifest;

    /**
     * @param source how to name the archive in messages (a path, "the stream")
     * @param key when given, the backup must be authenticated with it ({@link #authenticated()})
     */
    public Reader(InputStream raw, ArchiveLimits limits, ProgressMeter meter, String source, Optional<SecretKey> key) {
      this.source = source;
      this.key = key;
      try {
        this.in = Tars.reader(raw);
      } catch (IOException e) {
        throw new CorruptArchiveException("cannot read " + source + ": " + e.getMessage(), e);
      }
      this.tracker = new EntryTracker(limits).within("data").meter(meter);
    }

    /** The tracker of the data entries. */
    public EntryTracker tracker() {
      return tracker;
    }

    /** Reports progress of the data to {@code meter} from now on. */
    public Reader meter(ProgressMeter meter) {
      tracker.meter(meter);
      return this;
    }

    /** Whether the manifest's HMAC was checked with the reader's key (after {@link #header()}). */
    public boolean authenticated() {
      header();
      return authenticated;
    }

    /**
     * The header (metadata without content), read from the first entry, its HMAC checked when the
     * reader has a key.
     *
     * @throws UntrustedManifestException when a key was given and the manifest is not authenticated by it
     */
    public BackupManifest.Builder header() {
      if (header != null) {
        return header;
      }
      TarArchiveEntry first = next();
      if (first == null || !first.getName().equals(MANIFEST)) {
        throw new CorruptArchiveException(source + " is not a volumes4j backup: its first entry is "
            + (first == null ? "missing" : "\"" + TarNames.printable(first.getName()) + "\"") + ", not " + MANIFEST
            + "; restore a file written by backup(...), or copy a plain tar with copyInto(...).tar(...)");
      }
      byte[] bytes = readBytes(first);
      manifestSha256 = sha256(bytes);
      Map<String, Object> json = parse(first, bytes);
      BackupManifest.Builder b;
      try {
        Object format = json.get("format");
        if (format instanceof Long f && f == 1) {
          throw new CorruptArchiveException(source + " has backup format 1 (volumes4j before 2026-12), whose checksum "
              + "this volumes4j no longer computes and whose manifest nothing protects; extract it with tar -xf and "
              + "copy its data/ directory in with copyInto(volume).tree(...)");
        }
        if (!(format instanceof Long) || ((Long) format) > BackupManifest.FORMAT || ((Long) format) < 2) {
          throw new CorruptArchiveException(source + " has backup format " + format + "; this volumes4j reads format "
              + BackupManifest.FORMAT + "; use a newer volumes4j");
        }
        b = BackupManifest.builder().format(((Long) format).intValue())
            .volumeName(Json.text(json, "volume")).driver(Json.text(json, "driver"))
            .driverOptions(Json.strings(json, "driverOptions")).labels(Json.strings(json, "labels"))
            .backedUpAt(Instant.parse(Json.text(json, "backedUpAt")));
        Object masked = json.get("maskedOptions");
        if (masked instanceof Map) {
          ((Map<?, ?>) masked).keySet().forEach(k -> b.addMaskedOption(k.toString()));
        }
        if (json.get("volumeCreatedAt") instanceof String) {
          b.volumeCreatedAt(OffsetDateTime.parse((String) json.get("volumeCreatedAt")));
        }
        if (json.get("engine") instanceof String) {
          b.engine((String) json.get("engine"));
        }
      } catch (DateTimeParseException | ClassCastException | IllegalArgumentException e) {
        throw new CorruptArchiveException(source + " has an unreadable " + MANIFEST + ": " + e.getMessage(), e);
      }
      TarArchiveEntry second = next();
      String claimed = null;
      if (second != null && second.getName().equals(MANIFEST_HMAC)) {
        claimed = new String(readBytes(second), StandardCharsets.US_ASCII).trim();
      } else {
        pending = second;
      }
      if (key.isPresent()) {
        if (claimed == null) {
          throw new UntrustedManifestException(source + " is not authenticated (it has no " + MANIFEST_HMAC + "); it was "
              + "written without Backup.authenticate(key), or the entry was removed; restore it without authenticatedBy(key)",
              Json.text(json, "driver"), io.github.volumes4j.internal.Secrets.mask(Json.strings(json, "driverOptions")));
        }
        if (!MessageDigest.isEqual(claimed.getBytes(StandardCharsets.US_ASCII),
            hmac(key.get(), bytes).getBytes(StandardCharsets.US_ASCII))) {
          throw new UntrustedManifestException(source + "'s manifest is not authenticated by the key given: it was written "
              + "with another key, or altered; nothing was created or written",
              Json.text(json, "driver"), io.github.volumes4j.internal.Secrets.mask(Json.strings(json, "driverOptions")));
        }
        authenticated = true;
      }
      header = b;
      return b;
    }

    /** Where {@link #readData(EntrySink)} hands each checked data entry. */
    @FunctionalInterface
    public interface EntrySink {
      /**
       * Takes one entry, already {@linkplain EntryTracker#check checked} under the normalized name
       * {@code rel}; must fold it into {@code tracker} with {@link EntryTracker#accept}, reading its
       * content from {@code content}.
       */
      void entry(TarArchiveEntry e, String rel, InputStream content, EntryTracker tracker) throws IOException;
    }

    /**
     * Reads every data entry, checking each ({@link EntryTracker#check}) before it is passed on to
     * {@code out} (when given) under {@code outPrefix}, then the trailer; verifies counts and digest.
     * @throws CorruptArchiveException when anything does not match
     */
    public BackupManifest readData(TarArchiveOutputStream out, String outPrefix) {
      return readData((e, rel, content, t) -> {
        String link = e.isLink() ? t.normalize(e.getLinkName()) : null;
        if (out != null) {
          out.putArchiveEntry(Tars.copy(e, outPrefix, rel, link));
        }
        t.accept(e, rel, content, out);
        if (out != null) {
          out.closeArchiveEntry();
        }
      });
    }

    /**
     * Reads every data entry, checking each ({@link EntryTracker#check}) before it is handed to
     * {@code sink}, then the trailer; verifies counts, digest, the manifest's checksum and (with a
     * key) the HMAC.
     * @throws CorruptArchiveException when anything does not match, or the archive cannot be read
     */
    public BackupManifest readData(EntrySink sink) {
      BackupManifest.Builder h = header();
      TarArchiveEntry e;
      try {
        while ((e = pending != null ? pending : next()) != null) {
          pending = null;
          String raw = e.getName();
          if (raw.equals(CONTENT)) {
            TreeDigest actual = Digests.of(tracker);
            Map<String, Object> json = parse(e, readBytes(e));
            checkTrailer(json, actual);
            if (next() != null) {
              throw new CorruptArchiveException(source + " has entries after " + CONTENT + "; it was altered, restore another copy");
            }
            manifest = h.content(actual).build();
            return manifest;
          }
          String rel = tracker.check(e);
          sink.entry(e, rel, in, tracker);
        }
      } catch (Pipe.ConsumerGoneException ex) {
        throw new DataMovementException("the engine stopped reading after " + tracker.bytes() + " bytes of " + source
            + ": " + ex.getMessage(), ex);
      } catch (HostExtractor.WriteFailedException ex) {
        throw new DataMovementException("writing " + source + " into the volume failed after " + tracker.bytes()
            + " bytes: " + ex.getMessage(), ex.getCause());
      } catch (IOException ex) {
        throw new CorruptArchiveException(source + " is damaged or truncated after " + tracker.entries() + " entries and "
            + tracker.bytes() + " bytes (" + ex.getMessage() + "); restore another copy", ex);
      }
      throw new CorruptArchiveException(source + " ends before " + CONTENT + " after " + tracker.entries()
          + " entries and " + tracker.bytes() + " bytes: it is truncated; restore a complete copy");
    }

    private void checkTrailer(Map<String, Object> json, TreeDigest actual) {
      TreeDigest claimed;
      String claimedManifest;
      try {
        claimed = TreeDigest.builder().sha256(Json.text(json, "sha256")).files(Json.whole(json, "files"))
            .directories(Json.whole(json, "directories")).symlinks(Json.whole(json, "symlinks")).others(Json.whole(json, "others"))
            .bytes(Json.whole(json, "bytes")).build();
        claimedManifest = Json.text(json, "manifestSha256");
      } catch (IllegalArgumentException | ClassCastException ex) {
        throw new CorruptArchiveException(source + " has an unreadable " + CONTENT + ": " + ex.getMessage(), ex);
      }
      if (!claimedManifest.equals(manifestSha256)) {
        throw new CorruptArchiveException(source + "'s manifest does not match its checksum: " + MANIFEST
            + " was altered or damaged after the backup; restore another copy");
      }
      if (!claimed.sha256().equals(actual.sha256()) || claimed.entries() != actual.entries()
          || claimed.bytes() != actual.bytes()) {
        throw new CorruptArchiveException(source + " does not match its own checksum: the manifest says "
            + claimed + ", the data read is " + actual + "; the archive was altered or damaged, restore another copy");
      }
      if (key.isPresent()) {
        Object mac = json.get("hmac");
        String expected = hmac(key.get(), trailerText(actual, manifestSha256).getBytes(StandardCharsets.UTF_8));
        if (!(mac instanceof String m) || !MessageDigest.isEqual(m.getBytes(StandardCharsets.US_ASCII),
            expected.getBytes(StandardCharsets.US_ASCII))) {
          throw new CorruptArchiveException(source + "'s content is not authenticated by the key given: the data was "
              + "altered after the backup; restore another copy");
        }
      }
    }

    private TarArchiveEntry next() {
      try {
        return in.getNextEntry();
      } catch (IOException e) {
        throw new CorruptArchiveException(source + " is damaged or truncated after " + tracker.entries()
            + " entries and " + tracker.bytes() + " bytes (" + e.getMessage() + "); restore another copy", e);
      }
    }

    private byte[] readBytes(TarArchiveEntry e) {
      if (e.getSize() > MAX_JSON) {
        throw new CorruptArchiveException(source + ": " + e.getName() + " is " + e.getSize() + " bytes, too large for a manifest");
      }
      try {
        ByteArrayOutputStream b = new ByteArrayOutputStream((int) e.getSize());
        long n = Tars.copy(in, b, e.getSize(), new byte[8192]);
        if (n != e.getSize()) {
          throw new CorruptArchiveException(source + " is truncated inside " + e.getName());
        }
        return b.toByteArray();
      } catch (IOException ex) {
        throw new CorruptArchiveException(source + " has an unreadable " + e.getName() + ": " + ex.getMessage(), ex);
      }
    }

    private Map<String, Object> parse(TarArchiveEntry e, byte[] bytes) {
      try {
        return Json.parse(new String(bytes, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException ex) {
        throw new CorruptArchiveException(source + " has an unreadable " + e.getName() + ": " + ex.getMessage(), ex);
      }
    }
  }
}
