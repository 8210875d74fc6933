package io.github.volumes4j.docker;

import io.github.volumes4j.EngineUnavailableException;
import io.github.volumes4j.docker.internal.Discovery;
import io.github.volumes4j.docker.internal.transport.Warmup;
import io.github.volumes4j.internal.Secrets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link DockerEngine#detect()}: each place the docker CLI would look, in its order, until one answers. */
final class Detection {

  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);

  private Detection() {}

  static Optional<DockerEngine> tryDetect(List<String> attempts, DockerEngine.Builder settings) {
    Warmup.start();
    List<Discovery.Candidate> candidates;
    try {
      candidates = Discovery.candidates(Discovery.Env.system(), attempts);
    } catch (IllegalArgumentException e) {
      attempts.add(e.getMessage());      // DOCKER_HOST or a context names an unusable host
      return Optional.empty();
    }
    for (Discovery.Candidate c : candidates) {
      try {
        DockerEngine.Builder b = settings.copy().host(c.host());
        c.tls().ifPresent(t -> b.tls(t.certPath(), t.verify()));
        DockerEngine engine = b.build();
        LOG.info("volumes4j uses the Docker engine at {} ({}), version {}, API {}", Secrets.maskUri(c.host().toString()),
            c.source(), engine.info().version(), engine.info().apiVersion());
        return Optional.of(engine);
      } catch (EngineUnavailableException e) {
        // the transport's attempt reads "<host> (<what happened>)"
        String what = e.attempts().isEmpty() ? "(" + e.getMessage() + ")"
            : e.attempts().get(0).substring(e.attempts().get(0).indexOf('('));
        attempts.add(place(c) + " " + what);
        LOG.debug("{}: {}", place(c), e.getMessage());
      } catch (RuntimeException e) {
        attempts.add(place(c) + " (" + e.getMessage() + ")");
        LOG.debug("{}: {}", place(c), e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The candidate's source, with its host unless the source names it already. */
  private static String place(Discovery.Candidate c) {
    String path = c.host().getPath();
    return Secrets.maskUri(path != null && !path.isEmpty() && c.source().contains(path) ? c.source()
        : c.source() + " " + c.host());
  }
}
