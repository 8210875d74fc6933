package io.github.volumes4j.compose;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.MountSpec;
import io.github.volumes4j.lint.SourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One mount of a service as compose sends it to the daemon: a {@link MountSpec} whose {@link MountSpec#origin()}
 * says the request field compose uses ({@code -v}-style {@code Binds} for plain binds and volumes, {@code Mounts} for
 * the rest, {@code Tmpfs} for the {@code tmpfs:} key), with where each part was written.
 *
 * <pre>{@code
 * ServiceMount m = project.service("db").mounts().get(0);
 * m.spec();        // Optional[VolumeMount shop_pgdata -> /var/lib/postgresql/data]
 * m.volumeKey();   // Optional[pgdata]
 * m.location();    // compose.yaml:9:9
 * m.fields().get("read_only");   // compose.yaml:12:20
 * }</pre>
 *
 * @param type compose's mount type: {@code bind}, {@code volume}, {@code tmpfs}, {@code image}, {@code npipe} or
 *     {@code cluster}
 * @param spec the mount, empty for types the daemon cannot take here ({@code image}, {@code npipe},
 *     {@code cluster}) and for values Docker refuses (see {@link #problem()})
 * @param syntax {@code short}, {@code long} or {@code tmpfs} (the service's {@code tmpfs:} key)
 * @param text the short syntax or {@code tmpfs:} entry as written (after interpolation), if it was one
 * @param source the source as compose resolved it: an absolute host path, a volume's name, an image, a pipe;
 *     empty for tmpfs and anonymous volumes
 * @param subpath {@code volume.subpath} or {@code image.subpath}, if given
 * @param volumeKey the top-level volume it uses, if any
 * @param location where the entry starts
 * @param fields where each key of a long-syntax entry was written ({@code bind.propagation}, ...)
 * @param problem why there is no spec, if there is none
 * @param suppressed lint rules suppressed for it by a {@code # volumes4j-lint: ignore ...} comment
 */
public record ServiceMount(String type, Optional<MountSpec> spec, String syntax, Optional<String> text,
    Optional<String> source, Optional<String> subpath, Optional<String> volumeKey, SourceLocation location, Map<String, SourceLocation> fields, Optional<String> problem,
    Set<String> suppressed) {

  /**
   * Checks the parts and copies the collections.
   *
   * <pre>{@code
   * new ServiceMount("tmpfs", Optional.of(TmpfsMount.at("/run")), "tmpfs", Optional.of("/run"), Optional.empty(),
   *     Optional.empty(), Optional.empty(), at, Map.of(), Optional.empty(), Set.of());
   * }</pre>
   */
  public ServiceMount {
    requireNonNull(type, "type == null");
    requireNonNull(spec, "spec == null");
    requireNonNull(syntax, "syntax == null");
    requireNonNull(text, "text == null");
    requireNonNull(source, "source == null");
    requireNonNull(subpath, "subpath == null");
    requireNonNull(volumeKey, "volumeKey == null");
    requireNonNull(location, "location == null");
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    requireNonNull(problem, "problem == null");
    suppressed = Set.copyOf(suppressed);
  }
}
