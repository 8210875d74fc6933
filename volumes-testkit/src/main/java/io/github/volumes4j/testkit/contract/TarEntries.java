package io.github.volumes4j.testkit.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The entries of a tar stream by name, for assertions.
 *
 * <pre>{@code
 * try (InputStream tar = engine.readArchive(id, "/data")) {
 *   assertThat(TarEntries.read(tar)).containsKey("data/config.yml");
 * }
 * }</pre>
 */
public final class TarEntries {

  /** One entry: type ('0' file, '5' dir, '2' symlink, '1' hard link), mode, owner, content, link. */
  public record Entry(char type, int mode, long uid, long gid, String content, String link, long mtimeSeconds) {
    /** Whether the entry is a directory. */
    public boolean isDirectory() {
      return type == '5';
    }
  }

  private TarEntries() {}

  /** Reads and closes the stream; directory names keep their trailing {@code /}. */
  public static Map<String, Entry> read(InputStream in) {
    Map<String, Entry> out = new LinkedHashMap<>();
    try (InputStream s = in; TarArchiveInputStream tar = new TarArchiveInputStream(s)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        char type = e.isDirectory() ? '5' : e.isSymbolicLink() ? '2' : e.isLink() ? '1' : '0';
        String content = type == '0' ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "";
        String name = e.getName();
        if (type == '5' && !name.endsWith("/")) {
          name = name + "/";
        }
        out.put(name, new Entry(type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), content,
            e.getLinkName(), e.getModTime().getTime() / 1000));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
