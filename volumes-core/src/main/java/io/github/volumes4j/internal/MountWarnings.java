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

  /** Container runtimes' control sockets (Docker, containerd, CRI-O, Podman, BuildKit, dockershim, cri-dockerd, k3s). */
  public static final Set<String> RUNTIME_SOCKETS = Set.of("/var/run/docker.sock", "/run/docker.sock",
      "/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock", "/run/crio/crio.sock",
      "/var/run/crio/crio.sock", "/run/podman/podman.sock", "/var/run/podman/podman.sock", "/var/run/dockershim.sock",
      "/run/buildkit/buildkitd.sock", "/var/run/cri-dockerd.sock", "/run/k3s/containerd/containerd.sock");
  /** Directories whose sockets are runtimes' too, and which are runtimes' state themselves when bound whole. */
  static final Set<String> RUNTIME_DIRS = Set.of("/var/run/docker", "/run/docker", "/run/containerd",
      "/var/run/containerd", "/run/crio", "/var/run/crio", "/run/podman", "/var/run/podman", "/run/buildkit");

  /** Whether a (clean) host path is a container runtime's control socket or the directory that holds one. */
  public static boolean isRuntimeSocket(String clean) {
    return RUNTIME_SOCKETS.contains(clean) || RUNTIME_DIRS.contains(clean)
        || clean.endsWith(".sock") && RUNTIME_DIRS.stream().anyMatch(d -> clean.startsWith(d + "/"));
  }

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
      if (isRuntimeSocket(source)) {
        String runtime = source.contains("docker") && !source.contains("dockershim") && !source.contains("cri-dockerd")
            ? "the Docker daemon" : "the container runtime";
        out.add(MountWarning.of("daemon-socket", b.source(), "gives the container full control of " + runtime
            + ", which is root on the host" + (b.readOnly() ? " (read-only does not limit what the socket allows)" : "")
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
