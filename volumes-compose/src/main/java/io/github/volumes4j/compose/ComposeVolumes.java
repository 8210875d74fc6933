package io.github.volumes4j.compose;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeFilter;
import io.github.volumes4j.VolumeNotFoundException;
import io.github.volumes4j.Volumes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates a project's volumes on an engine as {@code docker compose up} does, so that compose treats them as its own:
 * named {@code <project>_<key>} (or {@code name:}), with the file's driver, options and labels plus compose's
 * {@code com.docker.compose.project} and {@code com.docker.compose.volume}. Idempotent: a volume compose would find (by
 * those labels, or by name) is used as it is and never changed; external volumes must exist and are never created.
 *
 * <p>Compose also writes {@code com.docker.compose.version} and {@code com.docker.compose.config-hash}. Both are left
 * out on purpose: the hash is a SHA-256 of Go's JSON encoding of compose's own type, and a hash that differs from the
 * one compose computes makes {@code docker compose up} offer to delete and re-create the volume, while a volume
 * without a hash is left untouched (docker/compose {@code reconcileVolumes}).
 *
 * <p>As with compose, a failure part way (the daemon refusing a driver option, say) leaves the volumes created
 * before it in place; they are the project's own, and a second call creates only what is still missing.
 *
 * <pre>{@code
 * ComposeVolumes.Result r = ComposeVolumes.create(volumes, Compose.load(Path.of("compose.yaml")));
 * r.created();    // [shop_pgdata]
 * r.warnings();   // volume "shop_cache" already exists but was not created by Docker Compose ...
 * }</pre>
 */
public final class ComposeVolumes {

  private ComposeVolumes() {}

  /**
   * What {@link #create} did.
   *
   * <pre>{@code
   * r.volumes().get("pgdata").name();   // shop_pgdata
   * }</pre>
   *
   * @param volumes every volume of the project by key, as it is on the engine now
   * @param created the names of the volumes this call created
   * @param warnings what compose would warn about (volumes it did not create, settings that differ)
   */
  public record Result(Map<String, Volume> volumes, List<String> created, List<String> warnings) {

    /**
     * Copies the collections.
     *
     * <pre>{@code
     * new ComposeVolumes.Result(Map.of(), List.of(), List.of());
     * }</pre>
     */
    public Result {
      volumes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
      created = List.copyOf(created);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Creates what is missing. External volumes are checked first, so that a missing one fails the call before anything
   * is created.
   *
   * <pre>{@code
   * ComposeVolumes.create(volumes, project).created();
   * }</pre>
   *
   * @throws VolumeNotFoundException naming an external volume that does not exist ({@code external volume "x" not
   *     found}, compose's words)
   */
  public static Result create(Volumes volumes, ComposeProject project) {
    requireNonNull(volumes, "volumes == null");
    Map<String, Volume> out = new LinkedHashMap<>();
    List<String> created = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (ComposeVolume v : project.volumes().values()) {
      if (v.external()) {
        Volume found = volumes.find(v.name()).orElseThrow(() -> new VolumeNotFoundException(v.name(),
            "external volume \"" + v.name() + "\" not found; create it (docker volume create " + v.name()
                + "), or drop external: true to let compose create it", null));
        out.put(v.key(), found);
      }
    }
    // the project's volumes in one call, as compose lists them by its project label; the rest by name
    List<Volume> owned = volumes.list(VolumeFilter.label(ComposeVolume.PROJECT_LABEL, project.name()));
    for (ComposeVolume v : project.volumes().values()) {
      if (v.external()) {
        continue;
      }
      Optional<Volume> byLabel = owned.stream().filter(x -> x.name().equals(v.name())
          && v.key().equals(x.labels().get(ComposeVolume.VOLUME_LABEL))).findFirst();
      Optional<Volume> existing = byLabel.or(() -> volumes.find(v.name()));
      if (existing.isPresent()) {
        Volume e = existing.get();
        String owner = e.labels().get(ComposeVolume.PROJECT_LABEL);
        if (owner == null) {
          warnings.add("volume \"" + v.name() + "\" already exists but was not created by Docker Compose. Use"
              + " `external: true` to use an existing volume");
        } else if (!owner.equals(project.name())) {
          warnings.add("volume \"" + v.name() + "\" already exists but was created for project \"" + owner
              + "\" (expected \"" + project.name() + "\"). Use `external: true` to use an existing volume");
        }
        if (v.driver().isPresent() && !v.driver().get().equals(e.driver())) {
          warnings.add("volume \"" + v.name() + "\" has driver " + e.driver() + " but the file says " + v.driver().get()
              + "; it is used as it is (remove it to have it re-created)");
        }
        out.put(v.key(), e);
        continue;
      }
      out.put(v.key(), volumes.create(v.toVolumeSpec(project.name())));
      created.add(v.name());
    }
    return new Result(out, created, warnings);
  }
}
