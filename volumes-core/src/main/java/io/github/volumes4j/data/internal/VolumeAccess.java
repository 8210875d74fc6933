package io.github.volumes4j.data.internal;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerState;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountType;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TreeDigest;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every data job needs of one engine: its volumes and helper containers, the proof that a host
 * directory is a volume's mountpoint, whether a running container could change a volume, and the
 * readers and writers of a volume's tree ({@link VolumeReader}, {@link VolumeWriter}) over the fastest
 * safe path.
 *
 * <p>The host mountpoint is read only while no running container can write the volume (checked
 * before and after): a container racing the walk (swapping a file for a link to a host file) then
 * has nothing to race. It is written only when the volume was created by the job, or is empty and
 * no running container uses it.
 */
public final class VolumeAccess {

  private static final Logger LOG = LoggerFactory.getLogger(VolumeAccess.class);

  private final VolumeEngine engine;
  private final Helpers helpers;
  private final Set<String> leftoverVolumes = ConcurrentHashMap.newKeySet();
  private final PathOptions options;
  /** Whether helpers publish ports on this machine ({@link io.github.volumes4j.EngineFeature#LOCAL_HELPER_PORTS}). */
  private final boolean localPorts;
  private volatile Optional<StreamImage.Resolved> streamImage;

  /** What the user chose: a path to take, and the image of started helpers (pulled only when allowed). */
  public record PathOptions(Optional<TransferPath> preferred, Optional<String> helperImage, boolean pullHelperImage) {
    public static final PathOptions DEFAULT = new PathOptions(Optional.empty(), Optional.empty(), false);
  }

  public VolumeAccess(VolumeEngine engine) {
    this(engine, PathOptions.DEFAULT);
  }

  public VolumeAccess(VolumeEngine engine, PathOptions options) {
    this.engine = engine;
    this.helpers = new Helpers(engine, Map.of());
    this.options = options;
    this.localPorts = engine.supports(io.github.volumes4j.EngineFeature.LOCAL_HELPER_PORTS);
  }

  public PathOptions options() {
    return options;
  }

  /** Whether a helper's port is tried: on a daemon with local helper ports, until one could not be started or reached. */
  boolean portExchange() {
    return !portBroken && localPorts;
  }

  /**
   * A helper with a port could not be started or reached (a rootless engine whose networking cannot
   * start, a firewall): later helpers of this instance attach at once, instead of failing first each time.
   */
  void portFailed() {
    portBroken = true;
  }

  private volatile boolean portBroken;

  /**
   * The image of started helpers: the user's, else the library's busybox from this host; empty when
   * neither (or the engine has no {@link io.github.volumes4j.EngineFeature#HELPER_STREAMS}). Found once.
   */
  Optional<StreamImage.Resolved> streamImage() {
    Optional<StreamImage.Resolved> r = streamImage;
    if (r == null) {
      synchronized (this) {
        r = streamImage;
        if (r == null) {
          if (!engine.supports(io.github.volumes4j.EngineFeature.HELPER_STREAMS)) {
            r = Optional.empty();
          } else if (options.helperImage().isPresent()) {
            r = Optional.of(StreamImage.user(engine, options.helperImage().get(), options.pullHelperImage()));
          } else {
            r = StreamImage.own(engine);
            if (r.isEmpty()) {
              r = StreamImage.found(engine, helpers);
            }
          }
          streamImage = r;
        }
      }
    }
    return r;
  }

  /**
   * The started-helper path, when it is to be taken: asked for, or the better way through the engine (Podman, whose
   * archive endpoints are not faithful; the library's busybox through a local port, which outruns the archive endpoints;
   * not a remote Docker daemon's, whose archive endpoints keep the data on the API connection and measured as fast or
   * faster: {@code remote-benchmark}). Fails when asked for and no image is at hand.
   */
  private Optional<StreamImage.Resolved> streamPath() {
    boolean asked = options.preferred().filter(TransferPath.HELPER_STREAM::equals).isPresent();
    if (options.preferred().filter(TransferPath.ARCHIVE_API::equals).isPresent()) {
      return Optional.empty();
    }
    Optional<StreamImage.Resolved> img = streamImage();
    if (asked && img.isEmpty()) {
      throw new DataMovementException("path HELPER_STREAM was asked for, but " + engine.info().name() + (engine.supports(
          io.github.volumes4j.EngineFeature.HELPER_STREAMS) ? " has no helper image: this host has no static busybox to"
          + " import; name an image that has tar with DataMovement.helperImage(...)" : " cannot start helpers with"
          + " streams"), null);
    }
    if (img.isPresent() && (asked || engine.info().isPodman() || (img.get().busybox() && localPorts))) {
      return img;
    }
    return Optional.empty();
  }

  private boolean hostAllowed(boolean fastPath) {
    return fastPath && options.preferred().filter(p -> p != TransferPath.HOST_MOUNTPOINT).isEmpty();
  }

  public VolumeEngine engine() {
    return engine;
  }

  public Helpers helpers() {
    return helpers;
  }

  /** A function on a stream that may throw I/O errors. */
  @FunctionalInterface
  public interface StreamFunction<T> {
    T apply(InputStream in) throws IOException;
  }

  // ---- volumes ---------------------------------------------------------------------------------

  public Optional<Volume> find(String name) {
    try {
      return Optional.of(engine.inspectVolume(name));
    } catch (VolumeNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates a volume that did not exist. If the create fails, the volume is removed again when it
   * exists after all (its answer was lost): nothing the job made is left behind.
   */
  public Volume createNew(VolumeSpec spec) {
    String name = spec.name().orElseThrow(() -> new IllegalArgumentException("a data job creates named volumes only"));
    try {
      return engine.createVolume(spec);
    } catch (RuntimeException | Error e) {
      try {
        if (find(name).isPresent()) {
          remove(name, e);
        }
      } catch (RuntimeException lookup) {
        leftoverVolumes.add(name);
        e.addSuppressed(lookup);
      }
      throw e;
    }
  }

  /**
   * Removes a volume the job made; a removal whose answer was lost is tried again (a volume already
   * gone counts as removed). What still fails is added to {@code failure} (when given) and remembered.
   */
  public void remove(String volume, Throwable failure) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        engine.removeVolume(volume, true);
        leftoverVolumes.remove(volume);
        return;
      } catch (RuntimeException e) {
        last = e;
      }
    }
    leftoverVolumes.add(volume);
    if (failure != null) {
      failure.addSuppressed(new DataMovementException("volume \"" + volume + "\" that this operation made could not be "
          + "removed (" + last.getMessage() + "); remove it with docker volume rm " + volume, last));
    } else {
      LOG.warn("could not remove volume {}: {}; remove it with docker volume rm {}", volume, last.getMessage(), volume);
    }
  }

  /** Volumes this instance made and could not remove yet. */
  public List<String> leftoverVolumes() {
    return new ArrayList<>(leftoverVolumes);
  }

  /** Containers (not helpers) that mount {@code volume}, in the engine's list order. */
  public List<ContainerInfo> containersUsing(String volume, boolean runningOnly) {
    List<ContainerInfo> out = new ArrayList<>();
    for (ContainerInfo c : engine.listContainers(Map.of())) {
      if (runningOnly && !isRunning(c)) {
        continue;
      }
      if (c.labels().containsKey(Helpers.LABEL_HELPER)) {
        continue;
      }
      if (c.mounts().stream().anyMatch(m -> m.name().filter(volume::equals).isPresent())) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean isRunning(ContainerInfo c) {
    return c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED
        || c.state() == ContainerState.RESTARTING;
  }

  /**
   * The running containers that could change the volume's files: those that mount it, and those that
   * bind-mount its mountpoint, a directory inside it or one above it.
   */
  public List<String> writers(Volume v) {
    List<String> out = new ArrayList<>();
    Path mp = v.mountpoint().isEmpty() ? null : Path.of(v.mountpoint()).normalize();
    for (ContainerInfo c : engine.listContainers(Map.of())) {
      if (!isRunning(c) || c.labels().containsKey(Helpers.LABEL_HELPER)) {
        continue;
      }
      for (MountPoint m : c.mounts()) {
        boolean byName = m.name().filter(v.name()::equals).isPresent();
        boolean byPath = mp != null && m.type() == MountType.BIND && !m.source().isEmpty()
            && overlaps(Path.of(m.source()).normalize(), mp);
        if (byName || byPath) {
          out.add(c.name().isEmpty() ? c.id() : c.name());
          break;
        }
      }
    }
    return out;
  }

  private static boolean overlaps(Path a, Path b) {
    return a.startsWith(b) || b.startsWith(a);
  }

  // ---- the host mountpoint -------------------------------------------------------------------

  /** The volume's mountpoint, when this process can read it and it provably is the volume's ({@link HostMountpoint}). */
  public Optional<Path> hostMountpoint(Volume v) {
    return proofs.prove(engine, helpers, v);
  }

  private final HostMountpoint.Proofs proofs = new HostMountpoint.Proofs();

  /** Why a path was chosen, for results and logs. */
  public static final class Choice {
    public final TransferPath path;
    public final String reason;

    Choice(TransferPath path, String reason) {
      this.path = path;
      this.reason = reason;
    }
  }

  /**
   * A reader of the volume's whole tree: its mountpoint when allowed ({@code fastPath}, local and
   * proved, no running container can write it), else the engine's archive endpoint.
   */
  public VolumeReader reader(Volume v, boolean fastPath) {
    String why = !fastPath ? "fastPath(false)" : options.preferred().filter(p -> p != TransferPath.HOST_MOUNTPOINT)
        .map(p -> "preferPath(" + p + ")").orElse("the volume's mountpoint is not readable here");
    if (hostAllowed(fastPath)) {
      List<String> writers = writers(v);
      if (!writers.isEmpty()) {
        why = "running containers " + writers + " can change volume \"" + v.name() + "\": its mountpoint is not read"
            + " while a container could race the walk";
      } else {
        Optional<Path> mp = hostMountpoint(v);
        if (mp.isPresent()) {
          return new VolumeReader.Host(this, v, mp.get());
        }
      }
    }
    Optional<StreamImage.Resolved> img = streamPath();
    if (img.isPresent()) {
      return new VolumeReader.Stream(this, v.name(), img.get(), why + "; a started helper streams it (" + img.get().origin()
          + ")");
    }
    return new VolumeReader.Archive(this, v.name(), why + remote());
  }

  /** Why a daemon's archive endpoints were taken over a started helper, when it is because the daemon is remote. */
  private String remote() {
    boolean remote = !localPorts && engine.supports(io.github.volumes4j.EngineFeature.HELPER_STREAMS);
    return remote && options.preferred().isEmpty() && !engine.info().isPodman() ? "; the daemon is reached over the"
        + " network: its archive endpoints keep the data on the API connection" : "";
  }

  /**
   * A writer for a copy into a volume ({@code docker cp}'s way, often a few files): the archive
   * endpoint, quicker to reach than a started helper for a small copy; a helper on Podman (whose
   * archive endpoints are refused) or when asked for, like the partial reads.
   */
  public VolumeWriter copyWriter(Volume v, EntryTracker tracker) {
    Optional<StreamImage.Resolved> img = partialStream();
    if (img.isPresent()) {
      return new VolumeWriter.Stream(this, v.name(), img.get(), tracker, false);
    }
    return new VolumeWriter.Archive(this, v.name(), false, tracker);
  }

  /** A writer into a volume this job created (or is otherwise the only user of). */
  public VolumeWriter writer(Volume v, boolean fastPath, boolean noSpecialFiles, EntryTracker tracker,
      boolean noOverwriteDirNonDir) {
    if (hostAllowed(fastPath) && noSpecialFiles && !noOverwriteDirNonDir) {
      Optional<Path> mp = hostMountpoint(v).filter(Files::isWritable);
      if (mp.isPresent() && writers(v).isEmpty()) {
        return new VolumeWriter.Host(mp.get(), tracker);
      }
    }
    // A merge keeps Docker's archive endpoint where it is faithful: it refuses a directory over a file
    // (noOverwriteDirNonDir); through a helper, links are checked first and a file over a directory fails.
    Optional<StreamImage.Resolved> img = noOverwriteDirNonDir ? partialStream() : streamPath();
    if (img.isPresent()) {
      return new VolumeWriter.Stream(this, v.name(), img.get(), tracker, noOverwriteDirNonDir);
    }
    return new VolumeWriter.Archive(this, v.name(), noOverwriteDirNonDir, tracker);
  }

  // ---- through the engine --------------------------------------------------------------------

  /** The path a copy in or out of a volume takes ({@link #copyWriter}, {@link #read}, {@link #openTar}). */
  public TransferPath partialPath() {
    return partialStream().isPresent() ? TransferPath.HELPER_STREAM : TransferPath.ARCHIVE_API;
  }

  /** Helpers for part of a volume only where the archive endpoints are unfaithful (Podman) or asked for. */
  private Optional<StreamImage.Resolved> partialStream() {
    boolean asked = options.preferred().filter(TransferPath.HELPER_STREAM::equals).isPresent();
    return asked || engine.info().isPodman() ? streamPath() : Optional.empty();
  }

  /** A tar of part of a volume read from a source that must be closed. */
  public interface TarSource extends AutoCloseable {
    InputStream in();

    @Override
    void close();
  }

  /** The tar of {@code path} as {@link #read} gives it, open until closed (a helper lives as long). */
  public TarSource openTar(String volume, String path) {
    engine.inspectVolume(volume);
    Optional<StreamImage.Resolved> img = partialStream();
    if (img.isPresent()) {
      // through a port the stream ends at the helper's end marker; closing removes the helper
      HelperStream h = HelperStream.readPath(this, img.get(), volume, path, portExchange());
      return new TarSource() {
        @Override
        public InputStream in() {
          return h.out();
        }

        @Override
        public void close() {
          h.close();
        }
      };
    }
    Helpers.Helper h = helpers.create(volume, true);
    try {
      InputStream in = engine.readArchive(h.id(), containerPath(path));
      return new TarSource() {
        @Override
        public InputStream in() {
          return in;
        }

        @Override
        public void close() {
          try {
            in.close();
          } catch (IOException e) {
            LOG.debug("closing the archive of {}: {}", volume, e.toString());
          } finally {
            h.close();
          }
        }
      };
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
  }

  /** The tar of {@code path} (relative to the volume root; "" for the whole volume, as {@code ./} entries). */
  public <T> T read(String volume, String path, StreamFunction<T> f) {
    engine.inspectVolume(volume);
    Optional<StreamImage.Resolved> img = partialStream();
    if (img.isPresent()) {
      try (HelperStream h = HelperStream.readPath(this, img.get(), volume, path, portExchange())) {
        T result;
        try {
          result = f.apply(h.out());
          h.drain();
        } catch (IOException | RuntimeException e) {
          missing(h, volume, path, e);
          throw e;
        }
        h.finish("reading " + describe(volume, path));
        return result;
      } catch (IOException e) {
        throw new DataMovementException("reading " + describe(volume, path) + " through a helper failed: " + e.getMessage(), e);
      }
    }
    try (Helpers.Helper h = helpers.create(volume, true);
        InputStream in = engine.readArchive(h.id(), containerPath(path))) {
      return f.apply(in);
    } catch (IOException e) {
      throw new DataMovementException("reading " + describe(volume, path) + " from the engine failed: " + e.getMessage(), e);
    }
  }

  /**
   * A path tar did not find fails as the archive endpoint's 404 does, not as an empty archive. Never
   * waits for the helper (a tar still writing would never exit): its standard error says it.
   */
  private static void missing(HelperStream h, String volume, String path, Exception e) {
    try {
      String err = h.stderr();
      if (err.contains("No such file")) {
        throw new io.github.volumes4j.EngineException(404, describe(volume, path) + " does not exist (" + err.strip()
            + ")", e);
      }
    } catch (VolumesException lookup) {
      if (lookup instanceof io.github.volumes4j.EngineException ee && ee.status().orElse(0) == 404) {
        throw ee;
      }
      e.addSuppressed(lookup);
    }
  }

  static String containerPath(String path) {
    return path.isEmpty() ? Helpers.MOUNT + "/." : Helpers.MOUNT + "/" + path;
  }

  private static String describe(String volume, String path) {
    return path.isEmpty() ? "volume \"" + volume + "\"" : "\"" + path + "\" of volume \"" + volume + "\"";
  }

  /** The order-independent digest of a volume's tree, over the fastest safe path. */
  public TreeDigest digest(String volume) {
    Volume v = engine.inspectVolume(volume);
    VolumeReader r = reader(v, true);
    if (r.path() == TransferPath.ARCHIVE_API && engine.info().isPodman()) {
      // Podman's archive endpoints are not faithful; its mountpoint is the only way (see Helpers).
      Optional<Path> mp = hostMountpoint(v);
      if (mp.isPresent()) {
        r = new VolumeReader.Host(this, v, mp.get());
      }
    }
    EntryTracker t = new EntryTracker(EntryTracker.FROM_VOLUME);
    try {
      r.read(t, null);
    } catch (TarReader.TarFormatException e) {
      // Docker cuts its archive stream when a file changes while it is read (recorded on 20.10)
      throw new DataMovementException("reading volume \"" + volume + "\" failed: the engine's archive of it ended early ("
          + e.getMessage() + "); the daemon ends it when a file changes while it is read: if a container writes to the"
          + " volume, read it again when the container has stopped", e);
    } catch (IOException e) {
      throw new DataMovementException("reading volume \"" + volume + "\" failed: " + e.getMessage(), e);
    }
    return Digests.of(t);
  }

  /** Whether a volume holds nothing but its root directory. */
  public boolean isEmpty(Volume v, Optional<Path> host) {
    if (host.isPresent()) {
      try (java.util.stream.Stream<Path> s = Files.list(host.get())) {
        return s.findAny().isEmpty();
      } catch (IOException e) {
        throw new DataMovementException("cannot list " + host.get() + ": " + e.getMessage(), e);
      }
    }
    if (engine.info().isPodman()) {
      Optional<Path> mp = hostMountpoint(v);
      if (mp.isPresent()) {
        return isEmpty(v, mp);
      }
      Optional<StreamImage.Resolved> img = streamPath();
      if (img.isPresent()) {
        return digest(v.name()).entries() <= 1;          // the root only
      }
    }
    return read(v.name(), "", in -> {
      TarReader tar = new TarReader(in);
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String n = e.getName();
        if (!(n.equals("./") || n.equals(".") || n.equals("/"))) {
          return false;
        }
      }
      return true;
    });
  }

  /**
   * Checks that no directory in {@code dirs} (volume-relative) is reached through a symbolic link
   * already in the volume: the engine would follow it, and data written there would leave the volume
   * (into the helper's throwaway file system, or elsewhere). Each prefix is looked at once, through one
   * helper; a path that does not exist yet is fine (the engine creates it as a directory).
   *
   * @throws io.github.volumes4j.data.HostileArchiveException naming the link and where it points
   */
  public void requireNoLinkOnTheWay(String volume, java.util.Collection<String> dirs) {
    java.util.Set<String> prefixes = new java.util.TreeSet<>();
    for (String d : dirs) {
      int i = 0;
      while (!d.isEmpty()) {
        int slash = d.indexOf('/', i);
        prefixes.add(slash < 0 ? d : d.substring(0, slash));
        if (slash < 0) {
          break;
        }
        i = slash + 1;
      }
    }
    if (prefixes.isEmpty()) {
      return;
    }
    java.util.Set<String> missing = new java.util.HashSet<>();
    try (Helpers.Helper h = helpers.createForStat(volume, true)) {
      for (String p : prefixes) {
        String parent = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
        if (missing.contains(parent)) {
          missing.add(p);
          continue;
        }
        Optional<PathStat> st = engine.statPath(h.id(), containerPath(p));
        if (st.isEmpty()) {
          missing.add(p);
        } else if (st.get().linkTarget().filter(t -> !t.isEmpty()).isPresent()
            || (st.get().mode() & (1L << 27)) != 0) {
          String target = st.get().linkTarget().orElse("?");
          throw new io.github.volumes4j.data.HostileArchiveException(p, "\"" + TarNames.printable(p) + "\" in volume \""
              + volume + "\" is a symbolic link to \"" + TarNames.printable(target) + "\": the engine would follow it, "
              + "and what is written below it would not land in the volume; nothing was written. Write to the path the "
              + "link points to, or remove the link");
        } else if (!st.get().isDirectory()) {
          throw new io.github.volumes4j.data.HostileArchiveException(p, "\"" + TarNames.printable(p) + "\" in volume \""
              + volume + "\" is a file, not a directory; nothing was written");
        }
      }
    }
  }

  /** Quiet removal for clean-up paths: never throws. */
  public void removeQuietly(String volume) {
    try {
      remove(volume, null);
    } catch (RuntimeException e) {
      LOG.warn("could not remove volume {}: {}", volume, e.getMessage());
    }
  }

  /** Removes everything this job made that is still listed, for the end of an operation. */
  public void retryLeftovers() {
    for (String v : leftoverVolumes) {
      try {
        engine.removeVolume(v, true);
        leftoverVolumes.remove(v);
      } catch (VolumesException e) {
        LOG.debug("volume {} still cannot be removed: {}", v, e.getMessage());
      }
    }
  }
}
