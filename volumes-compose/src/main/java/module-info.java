/**
 * volumes4j for compose files: reading projects' volumes, creating them as compose does, and linting them.
 *
 * <pre>{@code
 * module my.build {
 *   requires io.github.volumes4j.compose;
 * }
 * }</pre>
 */
module io.github.volumes4j.compose {
  requires transitive io.github.volumes4j;
  requires org.snakeyaml.engine.v2;

  exports io.github.volumes4j.compose;
}
