package io.github.volumes4j.testkit.internal;

import io.github.volumes4j.ApiVersion;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountType;
import io.github.volumes4j.Mounts;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.VolumesFrom;
import io.github.volumes4j.testkit.ContainerProcess;
import io.github.volumes4j.testkit.Program;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** The in-memory engine's containers, their mounts and images, as the stores keep them. */
final class ContainerModel {

  private ContainerModel() {}

  /** A mount of a container. */
  static final class Mount {
    final MountType type;
    final String destination;
    final boolean rw;
    final VolumeRecord volume;
    final Optional<String> subpath;
    final String bindSource;
    final int tmpfsMode;
    /** The mount named no volume ({@code -v /target}): {@code rm -v} may remove its volume. */
    final boolean anonymousSource;
    /**
     * Whether the volume store counts this container as a user of the volume. Docker 20.10 does not
     * for mounts inherited with volumes-from until the container starts.
     */
    boolean referencing;
    /**
     * A tmpfs that travels in {@code HostConfig.Tmpfs} (read from {@code --tmpfs}, or with options below API
     * 1.46; {@code MountRouting}): Docker neither reports it in the container's mounts, nor checks it for
     * duplicates, nor passes it on to volumes-from.
     */
    boolean hidden;
    /** A bind whose missing source the engine creates when the mounts are first set up, as Docker does. */
    boolean createSource;
    Tree.Dir tmpfs;
    /** The mode text Docker reports, which depends on the request field the mount came in. */
    String mode = "";
    /** The propagation Docker reports for a bind. */
    String propagation = "";
    /** The destination as Docker reports it, when not the cleaned absolute path (a relative {@code -v x}). */
    String shownDestination;
    /**
     * The mount came in {@code Config.Volumes} ({@code -v /x}): Docker records no source for it, so a
     * volumes-from user looks its volume up, and counts as a user of it, at create; a user of any other
     * volume counts only once it has started (recorded on 20.10).
     */
    boolean configVolume;

    Mount(MountType type, String destination, boolean rw, VolumeRecord volume, Optional<String> subpath,
        String bindSource, int tmpfsMode, boolean anonymousSource, boolean referencing) {
      this.type = type;
      this.destination = destination;
      this.rw = rw;
      this.volume = volume;
      this.subpath = subpath;
      this.bindSource = bindSource;
      this.tmpfsMode = tmpfsMode;
      this.anonymousSource = anonymousSource;
      this.referencing = referencing;
    }

    /** The mount as volumes-from inherits it: {@code :ro} makes it read-only, {@code :rw} cannot make it writable. */
    Mount inherited(Optional<Boolean> readOnly) {
      // recorded: a user of a -v /x volume counts at create, of any other only once started; rm -v of any
      // user removes an anonymous volume that nobody else uses
      Mount m = new Mount(type, destination, rw && !readOnly.orElse(false), volume, subpath, bindSource, tmpfsMode,
          anonymousSource, volume != null && configVolume);
      m.propagation = propagation;  // the mode is not passed on (recorded: "")
      m.shownDestination = shownDestination;
      m.configVolume = configVolume;
      return m;
    }
  }

  static final class Container {
    final String id;
    final String name;
    final String image;
    final ContainerSpec spec;
    final Tree.Dir rootfs;
    final List<Mount> mounts;
    ContainerState state = ContainerState.CREATED;
    Integer exitCode;
    final StringBuilder logs = new StringBuilder();

    Container(String id, String name, String image, ContainerSpec spec, Tree.Dir rootfs, List<Mount> mounts) {
      this.id = id;
      this.name = name;
      this.image = image;
      this.spec = spec;
      this.rootfs = rootfs;
      this.mounts = mounts;
    }
  }

  static final class Image {
    final String id;
    final Tree.Dir rootfs;
    final Map<String, String> labels;

    Image(String id, Tree.Dir rootfs, Map<String, String> labels) {
      this.id = id;
      this.rootfs = rootfs;
      this.labels = labels;
    }
  }
}
