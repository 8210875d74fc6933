/**
 * The volumes4j testkit: the in-memory engine, the contract suite every engine passes, the JUnit 5
 * extension and the AssertJ assertions.
 *
 * <pre>{@code
 * open module my.app.test {
 *   requires io.github.volumes4j.testkit;  // reads io.github.volumes4j, JUnit Jupiter and AssertJ too
 * }
 * }</pre>
 */
module io.github.volumes4j.testkit {
  requires transitive io.github.volumes4j;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires transitive org.assertj.core;
  requires org.junit.platform.commons;
  requires org.apache.commons.compress;
  requires org.slf4j;
  requires static com.github.luben.zstd_jni;
  requires static org.immutables.value;

  exports io.github.volumes4j.testkit;
  exports io.github.volumes4j.testkit.contract;
  exports io.github.volumes4j.testkit.junit;
  exports io.github.volumes4j.testkit.assertj;
  // JUnit runs the contract suites' scenarios and fills their @TempDir fields by reflection
  opens io.github.volumes4j.testkit.contract;
}
