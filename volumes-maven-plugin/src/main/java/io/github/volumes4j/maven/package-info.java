/**
 * The volumes4j Maven plugin: {@code volumes4j:lint} lints compose files and mount specs and writes SARIF for code
 * scanning; {@code volumes4j:validate} asks the reachable daemon whether it would take them.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.github.volumes4j</groupId>
 *   <artifactId>volumes-maven-plugin</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <executions><execution><goals><goal>lint</goal><goal>validate</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 */
package io.github.volumes4j.maven;
