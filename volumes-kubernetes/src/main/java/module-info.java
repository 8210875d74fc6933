/**
 * volumes4j for Kubernetes: Docker mount and volume specs rendered as Pod volumes, volumeMounts and
 * PersistentVolumeClaims, or refused with the reason.
 *
 * <pre>{@code
 * module my.deployer {
 *   requires io.github.volumes4j.kubernetes;
 * }
 * }</pre>
 */
module io.github.volumes4j.kubernetes {
  requires transitive io.github.volumes4j;
  requires org.snakeyaml.engine.v2;

  exports io.github.volumes4j.kubernetes;
}
