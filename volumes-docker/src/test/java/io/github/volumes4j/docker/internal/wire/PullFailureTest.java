package io.github.volumes4j.docker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.volumes4j.ImageNotFoundException;
import io.github.volumes4j.ImagePullException;
import io.github.volumes4j.RegistryAuthenticationException;
import io.github.volumes4j.RegistryUnreachableException;
import io.github.volumes4j.PullProgress;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The daemon's words for a failed pull (recorded from Docker 20.10 against DockerPullIT's registry, and Hub's) to types. */
class PullFailureTest {

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      500 | manifest unknown                                                                      | ImageNotFoundException
      500 | name unknown                                                                          | ImageNotFoundException
      404 | manifest for busybox:nope not found: manifest unknown: manifest unknown               | ImageNotFoundException
      404 | pull access denied for nosuch, repository does not exist or may require 'docker login': denied: requested access to the resource is denied | ImageNotFoundException
      500 | Head "http://127.0.0.1:46509/v2/v4j/bb/manifests/1": no basic auth credentials       | RegistryAuthenticationException
      500 | unauthorized                                                                          | RegistryAuthenticationException
      500 | unauthorized: authentication required                                                 | RegistryAuthenticationException
      500 | Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused      | RegistryUnreachableException
      500 | Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host | RegistryUnreachableException
      500 | Get "https://r.example.com/v2/": net/http: TLS handshake timeout                      | RegistryUnreachableException
      500 | something else entirely                                                               | ImagePullException
      """)
  void classifiedByTheDaemonsWords(int status, String message, String type) {
    ImagePullException e = ImageWire.pullFailure("r/x:1", "r.example.com", status, message, false, null);
    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.getMessage()).startsWith("pull of r/x:1 from r.example.com failed: " + message);
    assertThat(e.reference()).isEqualTo("r/x:1");
  }

  @Test
  void refusedCredentialsAreToldApartFromMissingOnes() {
    assertThat(ImageWire.pullFailure("a", "r", 500, "unauthorized", true, null)).hasMessageContaining("were refused");
    assertThat(ImageWire.pullFailure("a", "r", 500, "unauthorized", false, null)).hasMessageContaining("none were found");
  }

  @Test
  void theProgressStreamIsReadAsItComesAndStopsAtAnError() throws Exception {
    String stream = "{\"status\":\"Pulling from v4j/bb\",\"id\":\"1\"}\r\n"
        + "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":32768,\"total\":1036510},\"progress\":\"[=>  ]\",\"id\":\"69cd54752618\"}\r\n"
        + "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\r\n"
        + "{\"status\":\"never read\"}\r\n";
    List<PullProgress> seen = new ArrayList<>();
    Optional<String> error = ImageWire.readPull(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), "v4j/bb:1", seen::add);
    assertThat(error).contains("unexpected EOF");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).layer()).contains("69cd54752618");
    assertThat(seen.get(1).current()).hasValue(32768);
    assertThat(seen.get(1).total()).hasValue(1036510);
    assertThat(seen.get(1)).hasToString("Downloading 69cd54752618 32768/1036510");
    assertThat(seen.get(0).current()).isEmpty();
  }
}
