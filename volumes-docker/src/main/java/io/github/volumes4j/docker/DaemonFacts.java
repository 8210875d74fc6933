package io.github.volumes4j.docker;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.MountProblem;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.docker.internal.transport.Transport;
import io.github.volumes4j.docker.internal.transport.Transport.Reply;
import io.github.volumes4j.docker.internal.wire.Errors;
import io.github.volumes4j.docker.internal.wire.Errors.Subject;
import io.github.volumes4j.docker.internal.wire.SystemWire;
import io.github.volumes4j.internal.Secrets;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What validation asks of the daemon beyond the spec ({@code GET /info}, read once when first needed, so
 * connecting stays as quick as before): whether it shares this machine's files, which volume drivers it has.
 */
final class DaemonFacts {

  private final Transport http;
  private final Secrets.Registry secrets;
  private final URI host;
  private volatile SystemWire.Info info;
  private volatile Boolean sharesHostFiles;

  DaemonFacts(Transport http, Secrets.Registry secrets, URI host) {
    this.http = http;
    this.secrets = secrets;
    this.host = host;
  }

  private SystemWire.Info info(boolean fresh) {
    SystemWire.Info i = info;
    if (i == null || fresh) {
      Reply r = http.call("GET", "/info");
      if (!r.ok()) {
        throw Errors.map(secrets, Subject.OTHER, "", r.status(), "GET", "/info", r.body());
      }
      i = SystemWire.Info.read(r.body());
      info = i;
    }
    return i;
  }

  /**
   * Size and reference count of every volume, from {@code /system/df} (the daemon walks every volume:
   * this takes time on large volumes). Volumes with driver options are not reported by Docker 20.10.
   */
  java.util.Map<String, io.github.volumes4j.VolumeUsage> volumeUsage(io.github.volumes4j.ApiVersion api) {
    String path = api.isAtLeast(io.github.volumes4j.ApiVersion.V1_42) ? "/system/df?type=volume" : "/system/df";
    Reply r = http.call("GET", path);
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.OTHER, "", r.status(), "GET", path, r.body());
    }
    return SystemWire.volumeUsage(r.body());
  }

  /**
   * True when the daemon is on this machine and sees its files: reached through a unix socket, its data
   * root is a directory here, and it reports this machine's host name (a socket mounted into this JVM's
   * container reaches a daemon with other files and another host name).
   */
  boolean sharesHostFiles() {
    Boolean shares = sharesHostFiles;
    if (shares == null) {  // decided once: every validated create asks
      SystemWire.Info i = "unix".equals(host.getScheme()) ? info(false) : null;
      shares = i != null && i.dataRoot().map(d -> Files.isDirectory(Path.of(d))).orElse(false)
          && !i.name().isEmpty() && i.name().equals(localHostName());
      sharesHostFiles = shares;
    }
    return shares;
  }

  private static String localHostName() {
    for (String f : List.of("/proc/sys/kernel/hostname", "/etc/hostname")) {
      try {
        return Files.readString(Path.of(f)).trim();
      } catch (IOException | RuntimeException e) {
        // the next place
      }
    }
    return "";
  }

  /**
   * Volume drivers the daemon does not know: it would look for the plugin for 15 seconds, then refuse
   * (recorded on 20.10). The list is read again once before a driver is reported missing (a plugin may
   * have been installed since); a legacy plugin not used since the daemon started is not listed, and is
   * reported too.
   */
  List<MountProblem> problemsOf(ContainerSpec spec) {
    List<MountProblem> out = new ArrayList<>();
    Set<String> drivers = null;
    boolean reread = false;
    for (MountSpec m : spec.mounts()) {
      if (m instanceof VolumeMount v && v.driver().isPresent()) {
        String d = v.driver().get();
        if (drivers == null) {
          drivers = info(false).volumeDrivers();
        }
        if (!drivers.contains(d) && !reread) {
          drivers = info(true).volumeDrivers();
          reread = true;
        }
        if (!drivers.contains(d)) {
          out.add(MountProblem.of(m, d, io.github.volumes4j.internal.DaemonRules.pluginNotFound(
              v.source().orElse("<anonymous>"), d), "install the volume plugin " + d + " (docker plugin install),"
              + " or use a driver the daemon has: " + drivers, MountProblem.Stage.CREATE));
        }
      }
    }
    return out;
  }
}
