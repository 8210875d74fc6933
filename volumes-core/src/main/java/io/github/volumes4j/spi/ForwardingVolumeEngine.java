package io.github.volumes4j.spi;

import io.github.volumes4j.ContainerInfo;
import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.EngineFeature;
import io.github.volumes4j.EngineInfo;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.PruneOptions;
import io.github.volumes4j.PruneResult;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeSpec;
import io.github.volumes4j.VolumeUsage;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An engine that passes every call to another: override the calls to observe, count, slow down or
 * fail them (fault injection), as okio's {@code ForwardingFileSystem} does for file systems.
 *
 * <pre>{@code
 * VolumeEngine flaky = new ForwardingVolumeEngine(engine) {
 *   int calls;
 *   @Override public String createContainer(ContainerSpec spec) {
 *     String id = super.createContainer(spec);
 *     if (++calls == 3) throw new EngineUnavailableException("reply lost", List.of(), null);  // created, answer lost
 *     return id;
 *   }
 * };
 * Volumes volumes = Volumes.using(flaky);
 * }</pre>
 *
 * <p>Closing it closes the delegate.
 */
public class ForwardingVolumeEngine implements VolumeEngine {

  private final VolumeEngine delegate;

  /** An engine that forwards every call to {@code delegate}. */
  public ForwardingVolumeEngine(VolumeEngine delegate) {
    this.delegate = requireNonNull(delegate, "delegate == null");
  }

  /** The engine calls are forwarded to. */
  public final VolumeEngine delegate() {
    return delegate;
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public EngineInfo info() {
    return delegate.info();
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public boolean supports(EngineFeature feature) {
    return delegate.supports(feature);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public boolean sharesHostFiles() {
    return delegate.sharesHostFiles();
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public List<io.github.volumes4j.MountProblem> problemsOf(ContainerSpec spec) {
    return delegate.problemsOf(spec);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public Volume createVolume(VolumeSpec spec) {
    return delegate.createVolume(spec);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public Volume inspectVolume(String name) {
    return delegate.inspectVolume(name);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public List<Volume> listVolumes(VolumeFilter filter) {
    return delegate.listVolumes(filter);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public void removeVolume(String name, boolean force) {
    delegate.removeVolume(name, force);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public PruneResult pruneVolumes(PruneOptions options) {
    return delegate.pruneVolumes(options);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public Map<String, VolumeUsage> volumeUsage() {
    return delegate.volumeUsage();
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public Volume inspectVolumeWithUsage(String name) {
    return delegate.inspectVolumeWithUsage(name);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public String createContainer(ContainerSpec spec) {
    return delegate.createContainer(spec);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public void startContainer(String container) {
    delegate.startContainer(container);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public void stopContainer(String container, Duration timeout) {
    delegate.stopContainer(container, timeout);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public int waitContainer(String container) {
    return delegate.waitContainer(container);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public void removeContainer(String container, boolean removeVolumes, boolean force) {
    delegate.removeContainer(container, removeVolumes, force);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public ContainerInfo inspectContainer(String container) {
    return delegate.inspectContainer(container);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public List<ContainerInfo> listContainers(Map<String, String> labels) {
    return delegate.listContainers(labels);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public String logs(String container) {
    return delegate.logs(container);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public HelperProcess startHelper(io.github.volumes4j.ContainerSpec spec, HelperIo io) {
    return delegate.startHelper(spec, io);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public ServiceEngine services() {
    return delegate.services();
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public InputStream readArchive(String container, String path) {
    return delegate.readArchive(container, path);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public void writeArchive(String container, String directory, InputStream tar, boolean noOverwriteDirNonDir) {
    delegate.writeArchive(container, directory, tar, noOverwriteDirNonDir);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public Optional<PathStat> statPath(String container, String path) {
    return delegate.statPath(container, path);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public void importImage(InputStream rootfs, String reference, Map<String, String> labels) {
    delegate.importImage(rootfs, reference, labels);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public boolean imageExists(String reference) {
    return delegate.imageExists(reference);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public java.util.List<String> listImages() {
    return delegate.listImages();
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public void pullImage(String reference, java.util.function.Consumer<io.github.volumes4j.PullProgress> progress) {
    delegate.pullImage(reference, progress);
  }

  /** Forwards to {@link #delegate()}. */
  @Override
  public void close() {
    delegate.close();
  }

  /** Names this engine and its delegate. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
