package io.github.volumes4j.internal;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.ParseOptions;
import io.github.volumes4j.VolumeMount;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -v} as a Windows daemon reads it ({@code [SOURCE:]TARGET[:ro|rw]} with drive-letter paths,
 * as moby's Windows parser does). {@code --mount} and {@code --tmpfs} keep their Linux reading
 * except that paths may carry drive letters; tmpfs does not exist on Windows. Not API.
 */
final class WindowsMountParser {

  private WindowsMountParser() {}

  private static final String HOST_DIR = "(?:\\\\\\\\\\?\\\\)?[a-z]:[\\\\/](?:[^\\\\/:*?\"<>|\\r\\n]++[\\\\/])*+[^\\\\/:*?\"<>|\\r\\n]*+";
  private static final String NAME = "[^\\\\/:*?\"<>|\\r\\n]+";
  private static final String PIPE = "[/\\\\]{2}.[/\\\\]pipe[/\\\\][^:*?\"<>|\\r\\n]+";
  private static final String SOURCE = "((?<source>((" + HOST_DIR + ")|(" + NAME + ")|(" + PIPE + "))):)?";
  private static final String DESTINATION = "(?<destination>((?:\\\\\\\\\\?\\\\)?([a-z]):((?:[\\\\/][^\\\\/:*?\"<>\\r\\n]++)*+[\\\\/]?))|(" + PIPE + "))";
  private static final String MODE = "(:(?<mode>ro|rw))?";
  private static final Pattern SPEC = Pattern.compile("^" + SOURCE + DESTINATION + MODE + "$", Pattern.CASE_INSENSITIVE);
  private static final Pattern PIPE_ONLY = Pattern.compile("^" + PIPE + "$", Pattern.CASE_INSENSITIVE);
  private static final Pattern RESERVED = Pattern.compile("^(con|prn|nul|aux|com[1-9]|lpt[1-9])$", Pattern.CASE_INSENSITIVE);

  static MountSpec parse(MountFormat.Flag flag, String raw, ParseOptions options) {
    if (flag == MountFormat.Flag.TMPFS) {
      throw MountParser.error(raw, "", 0, "--tmpfs is not supported on Windows daemons; use a volume");
    }
    if (flag == MountFormat.Flag.MOUNT) {
      throw MountParser.error(raw, "", 0, "--mount for a Windows daemon is not modelled by volumes4j; use -v with DaemonOs.WINDOWS,"
          + " or parse for a Linux daemon");
    }
    if (raw.isEmpty()) {
      throw MountParser.error(raw, "", 0, "invalid empty volume spec; give [SOURCE:]TARGET[:ro|rw], for example C:\\data:C:\\data");
    }
    Matcher m;
    try {
      m = SPEC.matcher(raw);
      if (raw.length() > 4096 || !m.matches()) {
        throw MountParser.error(raw, "", 0, "invalid volume specification: '" + raw + "'; a Windows daemon reads [SOURCE:]TARGET[:ro|rw]"
            + " with drive-letter paths, for example C:\\data:C:\\data:ro or myvolume:C:\\data");
      }
    } catch (StackOverflowError e) {
      throw MountParser.error(raw, "", 0, "invalid volume specification: '" + raw + "'; too complex to read");
    }
    String source = m.group("source");
    String target = m.group("destination");
    String mode = m.group("mode");
    int targetAt = m.start("destination");
    if (PIPE_ONLY.matcher(target).matches() || (source != null && PIPE_ONLY.matcher(source).matches())) {
      throw MountParser.error(raw, target, targetAt, "named pipe mounts are not modelled by volumes4j");
    }
    String t = target.replace('/', '\\');
    if (t.length() <= 3 && t.length() >= 2 && t.charAt(1) == ':') {
      throw MountParser.error(raw, target, targetAt, "invalid volume specification: '" + raw + "': destination can't be '"
          + target + "' (a drive root); give a directory such as C:\\data");
    }
    boolean readOnly = mode != null && mode.toLowerCase(Locale.ROOT).equals("ro");
    if (source == null) {
      return MountParser.build(raw, () -> VolumeMount.builder().target(t).build(), target, targetAt);
    }
    boolean hostDir = source.length() >= 2 && source.charAt(1) == ':' || source.startsWith("\\\\?\\");
    if (hostDir) {
      String s = source.replace('/', '\\');
      return MountParser.build(raw, () -> BindMount.builder().source(s).target(t).readOnly(readOnly).createMountpoint(true).build(), source, 0);
    }
    if (RESERVED.matcher(source).matches()) {
      throw MountParser.error(raw, source, 0, "volume name \"" + source + "\" is a reserved name on Windows; choose another name");
    }
    return MountParser.build(raw, () -> VolumeMount.builder().source(source).target(t).readOnly(readOnly).build(), source, 0);
  }
}
