/**
 * volumes4j: Docker volume semantics for Java. The everyday API is in {@code io.github.volumes4j}
 * ({@code Volumes}, the values and exceptions); engines implement {@code io.github.volumes4j.spi};
 * copy, backup, restore, clone and migrate are in {@code io.github.volumes4j.data}.
 *
 * <pre>{@code
 * module my.app {
 *   requires io.github.volumes4j;          // and io.github.volumes4j.docker for a real daemon
 * }
 * }</pre>
 */
module io.github.volumes4j {
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires org.apache.commons.compress;
  requires static com.github.luben.zstd_jni;
  requires static org.immutables.value;
  // com.sun.nio.file.ExtendedOpenOption.DIRECT: backups written with O_DIRECT (FileSink); a JDK module, no dependency
  requires jdk.unsupported;

  exports io.github.volumes4j;
  exports io.github.volumes4j.spi;
  exports io.github.volumes4j.data;
  exports io.github.volumes4j.lint;
  exports io.github.volumes4j.swarm;
  // implementation shared with volumes4j's own modules only
  exports io.github.volumes4j.internal to io.github.volumes4j.docker, io.github.volumes4j.testkit,
      io.github.volumes4j.testcontainers, io.github.volumes4j.compose;
  exports io.github.volumes4j.data.internal to io.github.volumes4j.testkit;

  uses io.github.volumes4j.spi.VolumeEngineProvider;
}
