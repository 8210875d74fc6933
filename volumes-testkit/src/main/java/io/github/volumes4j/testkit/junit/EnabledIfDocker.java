package io.github.volumes4j.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class or method only when a Docker daemon answers.
 *
 * <pre>{@code
 * @EnabledIfDocker
 * class DockerEngineContractIT extends VolumeEngineContract { ... }
 * }</pre>
 *
 * <p>Without a daemon the test is disabled with a reason that says how to enable it. When Docker is
 * required (system property {@code volumes4j.docker.required=true} or environment variable
 * {@code VOLUMES4J_DOCKER_REQUIRED=true}, as in CI) the test fails instead, so that a missing
 * daemon can never pass for a green build.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DockerCondition.class)
public @interface EnabledIfDocker {}
