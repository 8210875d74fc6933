package io.github.volumes4j.internal;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.DaemonOs;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountWarning;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library's opinions about specs Docker accepts ({@code MountSyntax.check}): warnings, never refusals.
 * Each rule reads the text as typed and the value Docker makes of it.
 */
public final class MountWarnings {

  private MountWarnings() {}

  /** Host directories whose relabelling go-selinux refuses when SELinux is on, and which no container should own. */
  static final Set<String> SYSTEM_DIRS = Set.of("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/media",
      "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/var/lib", "/var/log");

  private static final Set<String> DAEMON_SOCKETS = Set.of("/var/run/docker.sock", "/run/docker.sock");

  private static final Pattern CONSISTENCY = Pattern.compile("(?i)(?:^|,)\"?(consistency=[^,\"]*)");

  /**
   * @param flag {@code -v}, {@code --mount} or {@code --tmpfs} (the flag, not the API enum: this class must not
   *     know the API class that calls it)
   */
  public static List<MountWarning> of(String flag, String raw, MountSpec m, DaemonOs os) {
    List<MountWarning> out = new ArrayList<>();
    if (flag.equals("-v") && m instanceof VolumeMount v && v.source().isEmpty() && !raw.startsWith("/")
        && !raw.startsWith("\\")) {
      out.add(MountWarning.of("anonymous-volume", raw, "Docker mounts an anonymous volume at " + v.target()
          + (v.target().startsWith("/") ? "" : " (below the container's root)") + ", not a named volume or a host"
          + " directory; write NAME:/TARGET for a named volume, /HOST/PATH:/TARGET for a bind, or /TARGET for an"
          + " anonymous volume"));
    }
    consistency(flag, raw, os).ifPresent(out::add);
    if (m instanceof TmpfsMount t && t.mode().isPresent() && t.mode().getAsInt() > 07777) {
      int kept = t.mode().getAsInt() & 07777;
      out.add(MountWarning.of("tmpfs-mode-bits", "mode=" + Integer.toOctalString(t.mode().getAsInt()),
          "the kernel keeps only the permission bits 0" + Integer.toOctalString(kept) + "; give mode=0"
              + Integer.toOctalString(kept)));
    }
    if (m instanceof BindMount b) {
      String source = GoPaths.clean(b.source());
      if (b.selinuxLabel().isPresent() && SYSTEM_DIRS.contains(source)) {
        out.add(MountWarning.of("relabel-system-directory", b.source(), "the :" + b.selinuxLabel().get().mode()
            + " label relabels every file of the host's " + source + " for containers; with SELinux on the daemon"
            + " refuses it (\"SELinux relabeling of " + source + " is not allowed\"), without SELinux it does nothing;"
            + " bind a directory made for the container, or leave the label out"));
      }
      if (source.equals("/")) {
        out.add(MountWarning.of("bind-host-root", b.source(), "binds the host's whole file system into the container"
            + (b.readOnly() ? "" : ", writable") + "; bind only the directory the container needs"));
      }
      if (DAEMON_SOCKETS.contains(source)) {
        out.add(MountWarning.of("daemon-socket", b.source(), "gives the container full control of the Docker daemon,"
            + " which is root on the host" + (b.readOnly() ? " (read-only does not limit what the socket allows)" : "")
            + "; mount it only into containers you trust with that"));
      }
    }
    return List.copyOf(out);
  }

  private static java.util.Optional<MountWarning> consistency(String flag, String raw, DaemonOs os) {
    if (os != DaemonOs.LINUX) {
      return java.util.Optional.empty();
    }
    String token = null;
    String value = null;
    if (flag.equals("--mount")) {
      Matcher x = CONSISTENCY.matcher(raw);
      if (x.find()) {
        token = x.group(1);
        value = token.substring(token.indexOf('=') + 1).toLowerCase(Locale.ROOT);
      }
    } else if (flag.equals("-v")) {
      int last = raw.lastIndexOf(':');
      if (last > 0) {
        for (String word : raw.substring(last + 1).split(",")) {
          if (Set.of("consistent", "cached", "delegated").contains(word)) {
            token = word;
            value = word;
          }
        }
      }
    }
    if (token == null || value.isEmpty() || value.equals("default")) {
      return java.util.Optional.empty();
    }
    boolean known = Set.of("consistent", "cached", "delegated").contains(value);
    return java.util.Optional.of(MountWarning.of("consistency-ignored", token, (known ? "" : "Docker drops the unknown"
        + " consistency '" + value + "', and ") + "a Linux daemon ignores consistency (it only ever mattered to Docker"
        + " Desktop for Mac); leave it out"));
  }
}
