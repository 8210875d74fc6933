package io.github.volumes4j.docker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ContainerNotFoundException;
import io.github.volumes4j.EngineException;
import io.github.volumes4j.InvalidMountSpecException;
import io.github.volumes4j.InvalidVolumeSpecException;
import io.github.volumes4j.VolumeConflictException;
import io.github.volumes4j.VolumeInUseException;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.VolumesException;
import io.github.volumes4j.docker.DockerErrorResponse;
import io.github.volumes4j.docker.internal.wire.Errors.Subject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  static VolumesException map(Subject s, String name, int status, String json) {
    return Errors.map(new io.github.volumes4j.internal.Secrets.Registry(), s, name, status, "GET", "/v1.41/x", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void notFoundVolumeKeepsTheMessageAndTheStatus() {
    VolumesException e = map(Subject.VOLUME, "pg", 404, "{\"message\":\"get pg: no such volume\"}");
    assertThat(e).isInstanceOf(VolumeNotFoundException.class).hasMessage("get pg: no such volume");
    assertThat(((VolumeNotFoundException) e).name()).isEqualTo("pg");
    DockerErrorResponse cause = (DockerErrorResponse) e.getCause();
    assertThat(cause.status()).isEqualTo(404);
    assertThat(cause.daemonMessage()).isEqualTo("get pg: no such volume");
    assertThat(cause.getMessage()).isEqualTo("HTTP 404 from GET /v1.41/x: get pg: no such volume");
  }

  @Test
  void notFoundContainer() {
    VolumesException e = map(Subject.CONTAINER, "db", 404, "{\"message\":\"No such container: db\"}");
    assertThat(e).isInstanceOf(ContainerNotFoundException.class).hasMessage("No such container: db");
    assertThat(map(Subject.CONTAINER_CREATE, "x", 404, "{\"message\":\"No such container: w\"}"))
        .isInstanceOf(ContainerNotFoundException.class);
    assertThat(map(Subject.CONTAINER_CREATE, "x", 404, "{\"message\":\"No such image: busybox:latest\"}"))
        .isExactlyInstanceOf(EngineException.class);
    assertThat(map(Subject.ARCHIVE, "c", 404, "{\"message\":\"Could not find the file /x in container c\"}"))
        .isExactlyInstanceOf(EngineException.class);
  }

  @Test
  void unknownDriverOnCreateIsAnEngineErrorWithItsStatus() {
    VolumesException e = map(Subject.VOLUME_CREATE, "v", 404,
        "{\"message\":\"create v: error looking up volume plugin nfs2: plugin \\\"nfs2\\\" not found\"}");
    assertThat(e).isExactlyInstanceOf(EngineException.class)
        .hasMessage("create v: error looking up volume plugin nfs2: plugin \"nfs2\" not found");
    assertThat(((EngineException) e).status()).hasValue(404);
  }

  @Test
  void volumesFromAMissingContainerIsNotFoundThoughDockerSays400() {
    assertThat(map(Subject.CONTAINER_CREATE, "w", 400, "{\"message\":\"No such container: w\"}"))
        .isExactlyInstanceOf(ContainerNotFoundException.class).hasMessage("No such container: w");
  }

  @Test
  void inUseParsesEveryContainerId() {
    VolumesException e = map(Subject.VOLUME, "v", 409, "{\"message\":\"remove v: volume is in use - [aaa, bbb]\"}");
    assertThat(e).isInstanceOf(VolumeInUseException.class).hasMessage("remove v: volume is in use - [aaa, bbb]");
    assertThat(((VolumeInUseException) e).containerIds()).containsExactly("aaa", "bbb");
    assertThat(((VolumeInUseException) map(Subject.VOLUME, "v", 409, "{\"message\":\"remove v: volume is in use - [abc]\"}"))
        .containerIds()).containsExactly("abc");
  }

  @Test
  void otherVolumeConflicts() {
    assertThat(map(Subject.VOLUME_CREATE, "v", 409, "{\"message\":\"volume name must be unique\"}"))
        .isInstanceOf(VolumeConflictException.class).hasMessage("volume name must be unique");
    assertThat(map(Subject.CONTAINER, "c", 409, "{\"message\":\"You cannot remove a running container c\"}"))
        .isExactlyInstanceOf(EngineException.class);
  }

  @Test
  void badRequests() {
    assertThat(map(Subject.VOLUME_FILTER, "{}", 400, "{\"message\":\"Invalid filter 'all'\"}"))
        .isInstanceOf(InvalidVolumeSpecException.class).hasMessage("Invalid filter 'all'");
    assertThat(map(Subject.CONTAINER_CREATE, "spec", 400, "{\"message\":\"Duplicate mount point: /d\"}"))
        .isInstanceOf(InvalidMountSpecException.class);
    assertThat(map(Subject.CONTAINER_CREATE, "spec", 500, "{\"message\":\"invalid volume specification: 'x'\"}"))
        .isInstanceOf(InvalidMountSpecException.class);
    assertThat(map(Subject.CONTAINER_CREATE, "spec", 500, "{\"message\":\"invalid mode: bogus\"}"))
        .isInstanceOf(InvalidMountSpecException.class);
    assertThat(map(Subject.CONTAINER_CREATE, "spec", 500, "{\"message\":\"failed to mount local volume: mount"
        + " //h/s:/var/lib/docker/volumes/v/_data, data: password=x: no such device\"}"))
        .isExactlyInstanceOf(EngineException.class);
    assertThat(map(Subject.CONTAINER_CREATE, "spec", 400, "{\"message\":\"invalid reference format\"}"))
        .isExactlyInstanceOf(EngineException.class);
  }

  @Test
  void anythingElseIsAnEngineExceptionWithTheStatus() {
    VolumesException e = map(Subject.OTHER, "", 503, "plain text failure");
    assertThat(e).isExactlyInstanceOf(EngineException.class).hasMessage("plain text failure");
    assertThat(((EngineException) e).status()).hasValue(503);
    assertThat(map(Subject.OTHER, "", 500, "")).hasMessage("HTTP 500 from GET /v1.41/x");
  }

  @Test
  void secretsInDaemonMessagesAreMasked() {
    VolumesException e = map(Subject.CONTAINER, "c", 500, "{\"message\":\"error while mounting volume: failed to mount"
        + " local volume: mount //srv/share:/var/lib/docker/volumes/v/_data, data: username=ann,password=s3cret,vers=3:"
        + " invalid argument\"}");
    assertThat(e.getMessage()).doesNotContain("s3cret").contains("password=" + io.github.volumes4j.internal.Secrets.MASK + ",vers=3");
    assertThat(e.getCause().getMessage()).doesNotContain("s3cret");
  }
}
