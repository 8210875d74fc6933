package io.github.volumes4j.docker;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.internal.DaemonRules;

import io.github.volumes4j.EngineException;
import io.github.volumes4j.PathStat;
import io.github.volumes4j.docker.internal.transport.Transport;
import io.github.volumes4j.docker.internal.transport.Transport.Reply;
import io.github.volumes4j.docker.internal.transport.Transport.Streamed;
import io.github.volumes4j.docker.internal.wire.ContainerWire;
import io.github.volumes4j.docker.internal.wire.Errors;
import io.github.volumes4j.docker.internal.wire.Errors.Subject;
import io.github.volumes4j.docker.internal.wire.Filters;
import io.github.volumes4j.internal.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The archive endpoints of a container: GET (a tar of a path, streamed), PUT (a tar extracted), HEAD (a stat). */
final class ArchiveCalls {

  private static final Map<String, String> TAR = Map.of("Content-Type", "application/x-tar");

  private final Transport http;
  private final Secrets.Registry secrets;
  private final Consumer<String> inspect;

  ArchiveCalls(Transport http, Secrets.Registry secrets, Consumer<String> inspect) {
    this.http = http;
    this.secrets = secrets;
    this.inspect = inspect;
  }

  InputStream read(String container, String path) {
    requireNonNull(container, "container == null");
    DaemonRules.archivePath(requireNonNull(path, "path == null"), "the archive path");
    String p = "/containers/" + Filters.segment(container) + "/archive?path=" + Filters.encode(path);
    Streamed s = http.stream("GET", p, null, Map.of());
    if (s.status() != 200) {
      try (InputStream in = s.body()) {
        throw Errors.map(secrets, Subject.ARCHIVE, container, s.status(), "GET", p, in.readAllBytes());
      } catch (IOException e) {
        throw http.translate(e, "GET", p);
      }
    }
    return s.body();
  }

  void write(String container, String directory, InputStream tar, boolean noOverwriteDirNonDir) {
    requireNonNull(container, "container == null");
    DaemonRules.archivePath(requireNonNull(directory, "directory == null"), "the directory to extract into");
    requireNonNull(tar, "tar == null");
    String p = "/containers/" + Filters.segment(container) + "/archive?path=" + Filters.encode(directory)
        + (noOverwriteDirNonDir ? "&noOverwriteDirNonDir=true" : "");
    Streamed s = http.stream("PUT", p, tar, TAR);
    try (InputStream in = s.body()) {
      byte[] body = in.readAllBytes();
      if (s.status() != 200) {
        throw Errors.map(secrets, Subject.ARCHIVE, container, s.status(), "PUT", p, body);
      }
    } catch (IOException e) {
      throw http.translate(e, "PUT", p);
    }
  }

  Optional<PathStat> stat(String container, String path) {
    requireNonNull(container, "container == null");
    DaemonRules.archivePath(requireNonNull(path, "path == null"), "the path to stat");
    String p = "/containers/" + Filters.segment(container) + "/archive?path=" + Filters.encode(path);
    Reply r = http.call("HEAD", p);
    if (r.status() == 404) {
      inspect.accept(container);            // HEAD has no body: a missing container throws here
      return Optional.empty();
    }
    if (!r.ok()) {
      throw Errors.map(secrets, Subject.ARCHIVE, container, r.status(), "HEAD", p, r.body());
    }
    String header = r.header("X-Docker-Container-Path-Stat");
    if (header == null) {
      throw new EngineException(r.status(), "the Docker engine answered HEAD " + p
          + " without X-Docker-Container-Path-Stat", null);
    }
    return Optional.of(ContainerWire.pathStat(header));
  }
}
