package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.ArchiveLimits;
import io.github.volumes4j.data.BackupManifest;
import io.github.volumes4j.data.CorruptArchiveException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.TreeDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The backup layout: {@code .volumes4j/manifest.json}, then {@code data/...}, then
 * {@code .volumes4j/content.json}. Writing and reading, with verification on read.
 */
public final class BackupFormat {

  public static final String MANIFEST = ".volumes4j/manifest.json";
  public static final String CONTENT = ".volumes4j/content.json";
  public static final String DATA = "data/";
  private static final int MAX_JSON = 1 << 20;

  private BackupFormat() {}

  // ---- writing ---------------------------------------------------------------------------------

  /** Writes the first entry: the volume's metadata (everything but {@code content}). */
  public static void writeHeader(TarArchiveOutputStream tar, BackupManifest.Builder m, BackupManifest probe) throws IOException {
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
    writeJson(tar, MANIFEST, json, probe.backedUpAt());
  }

  /** Writes the last entry: counts and digest. */
  public static void writeTrailer(TarArchiveOutputStream tar, TreeDigest d, Instant at) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sha256", d.sha256());
    json.put("files", d.files());
    json.put("directories", d.directories());
    json.put("symlinks", d.symlinks());
    json.put("others", d.others());
    json.put("bytes", d.bytes());
    writeJson(tar, CONTENT, json, at);
  }

  private static void writeJson(TarArchiveOutputStream tar, String name, Map<String, Object> json, Instant at)
      throws IOException {
    byte[] bytes = Json.write(json).getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    e.setMode(0100644);
    e.setModTime(at.toEpochMilli());
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Reads a backup entry by entry: header, data (checked, digested, optionally re-written), trailer. */
  public static final class Reader {
    private final TarReader in;
    private final EntryTracker tracker;
    private final String source;
    private BackupManifest.Builder header;
    private BackupManifest manifest;

    /** @param source how to name the archive in messages (a path, "the stream") */
    public Reader(InputStream raw, ArchiveLimits limits, ProgressMeter meter, String source) {
      this.source = source;
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

    /** The header (metadata without content), read from the first entry. */
    public BackupManifest.Builder header() {
      if (header != null) {
        return header;
      }
      TarArchiveEntry first = next();
      if (first == null || !first.getName().equals(MANIFEST)) {
        throw new CorruptArchiveException(source + " is not a volumes4j backup: its first entry is "
            + (first == null ? "missing" : "\"" + first.getName() + "\"") + ", not " + MANIFEST
            + "; restore a file written by backup(...), or copy a plain tar with copyInto(...).tar(...)");
      }
      Map<String, Object> json = readJson(first);
      try {
        Object format = json.get("format");
        if (!(format instanceof Long) || ((Long) format) > BackupManifest.FORMAT) {
          throw new CorruptArchiveException(source + " has backup format " + format + "; this volumes4j reads format "
              + BackupManifest.FORMAT + " and older; use a newer volumes4j");
        }
        BackupManifest.Builder b = BackupManifest.builder().format(((Long) format).intValue())
            .volumeName(str(json, "volume")).driver(str(json, "driver"))
            .driverOptions(strings(json, "driverOptions")).labels(strings(json, "labels"))
            .backedUpAt(Instant.parse(str(json, "backedUpAt")));
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
        header = b;
        return b;
      } catch (DateTimeParseException | ClassCastException | IllegalArgumentException e) {
        throw new CorruptArchiveException(source + " has an unreadable " + MANIFEST + ": " + e.getMessage(), e);
      }
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
     * {@code sink}, then the trailer; verifies counts and digest.
     * @throws CorruptArchiveException when anything does not match, or the archive cannot be read
     */
    public BackupManifest readData(EntrySink sink) {
      BackupManifest.Builder h = header();
      TarArchiveEntry e;
      try {
        while ((e = next()) != null) {
          String raw = e.getName();
          if (raw.equals(CONTENT)) {
            TreeDigest claimed = trailer(readJson(e));
            TreeDigest actual = tracker.digest();
            if (!claimed.sha256().equals(actual.sha256()) || claimed.entries() != actual.entries()
                || claimed.bytes() != actual.bytes()) {
              throw new CorruptArchiveException(source + " does not match its own checksum: the manifest says "
                  + claimed + ", the data read is " + actual + "; the archive was altered or damaged, restore another copy");
            }
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
      } catch (IOException ex) {
        throw new CorruptArchiveException(source + " is damaged or truncated after " + tracker.entries() + " entries and "
            + tracker.bytes() + " bytes (" + ex.getMessage() + "); restore another copy", ex);
      }
      throw new CorruptArchiveException(source + " ends before " + CONTENT + " after " + tracker.entries()
          + " entries and " + tracker.bytes() + " bytes: it is truncated; restore a complete copy");
    }

    private TarArchiveEntry next() {
      try {
        return in.getNextEntry();
      } catch (IOException e) {
        throw new CorruptArchiveException(source + " is damaged or truncated after " + tracker.entries()
            + " entries and " + tracker.bytes() + " bytes (" + e.getMessage() + "); restore another copy", e);
      }
    }

    private Map<String, Object> readJson(TarArchiveEntry e) {
      if (e.getSize() > MAX_JSON) {
        throw new CorruptArchiveException(source + ": " + e.getName() + " is " + e.getSize() + " bytes, too large for a manifest");
      }
      try {
        ByteArrayOutputStream b = new ByteArrayOutputStream((int) e.getSize());
        long n = Tars.copy(in, b, e.getSize(), new byte[8192]);
        if (n != e.getSize()) {
          throw new CorruptArchiveException(source + " is truncated inside " + e.getName());
        }
        return Json.parse(b.toString(StandardCharsets.UTF_8));
      } catch (IOException | IllegalArgumentException ex) {
        throw new CorruptArchiveException(source + " has an unreadable " + e.getName() + ": " + ex.getMessage(), ex);
      }
    }

    private TreeDigest trailer(Map<String, Object> json) {
      try {
        return TreeDigest.builder().sha256(str(json, "sha256")).files(num(json, "files"))
            .directories(num(json, "directories")).symlinks(num(json, "symlinks")).others(num(json, "others"))
            .bytes(num(json, "bytes")).build();
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new CorruptArchiveException(source + " has an unreadable " + CONTENT + ": " + e.getMessage(), e);
      }
    }
  }

  private static String str(Map<String, Object> json, String key) {
    Object v = json.get(key);
    if (!(v instanceof String)) {
      throw new IllegalArgumentException("\"" + key + "\" missing or not text");
    }
    return (String) v;
  }

  private static long num(Map<String, Object> json, String key) {
    Object v = json.get(key);
    if (!(v instanceof Long)) {
      throw new IllegalArgumentException("\"" + key + "\" missing or not a whole number");
    }
    return (Long) v;
  }

  private static Map<String, String> strings(Map<String, Object> json, String key) {
    Object v = json.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof Map) {
      ((Map<?, ?>) v).forEach((k, x) -> out.put(k.toString(), String.valueOf(x)));
    } else if (v != null) {
      throw new IllegalArgumentException("\"" + key + "\" is not an object");
    }
    return out;
  }
}
