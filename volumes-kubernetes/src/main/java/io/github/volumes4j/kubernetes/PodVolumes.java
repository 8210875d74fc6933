package io.github.volumes4j.kubernetes;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * What {@link KubernetesMapping#map} made of some mounts: the Pod's {@code volumes}, the container's
 * {@code volumeMounts}, the PersistentVolumeClaims the named volumes need, and notes on what behaves
 * differently from Docker. Immutable; the maps are Kubernetes' field names and values, ready for a
 * client library or for {@link #podYaml}.
 *
 * <pre>{@code
 * PodVolumes pod = mapping.map(mounts);
 * Files.writeString(Path.of("pod.yaml"), pod.podYaml("db", "postgres:16"));
 * pod.notes().forEach(System.out::println);
 * }</pre>
 */
public final class PodVolumes {

  private final List<Map<String, Object>> volumes;
  private final List<Map<String, Object>> volumeMounts;
  private final List<Map<String, Object>> claims;
  private final List<String> notes;

  PodVolumes(List<Map<String, Object>> volumes, List<Map<String, Object>> volumeMounts,
      List<Map<String, Object>> claims, List<String> notes) {
    this.volumes = frozen(volumes);
    this.volumeMounts = frozen(volumeMounts);
    this.claims = frozen(claims);
    this.notes = List.copyOf(notes);
  }

  @SuppressWarnings("unchecked")
  private static Object freeze(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, freeze(v)));
      return java.util.Collections.unmodifiableMap(out);
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(freeze(v)));
      return java.util.Collections.unmodifiableList(out);
    }
    return o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> frozen(List<Map<String, Object>> list) {
    return (List<Map<String, Object>>) freeze(list);
  }

  /**
   * The Pod's {@code spec.volumes}, one per distinct volume (two mounts of one named volume share it).
   *
   * <pre>{@code
   * pod.volumes().get(0).get("persistentVolumeClaim");   // {claimName=pgdata}
   * }</pre>
   *
   * @return the volumes, in the order of their first mount
   */
  public List<Map<String, Object>> volumes() {
    return volumes;
  }

  /**
   * The container's {@code volumeMounts}, one per mount, in the given order.
   *
   * <pre>{@code
   * pod.volumeMounts().get(0).get("mountPath");   // /var/lib/postgresql/data
   * }</pre>
   *
   * @return the mounts
   */
  public List<Map<String, Object>> volumeMounts() {
    return volumeMounts;
  }

  /**
   * The PersistentVolumeClaims of the named volumes, whole manifests.
   *
   * <pre>{@code
   * pod.claims().get(0).get("kind");   // PersistentVolumeClaim
   * }</pre>
   *
   * @return the claims, one per named volume
   */
  public List<Map<String, Object>> claims() {
    return claims;
  }

  /**
   * What behaves differently from Docker, though it maps (an emptyDir lives as long as the Pod; Docker
   * copies an image's files into an empty volume and Kubernetes does not; ...).
   *
   * <pre>{@code
   * pod.notes().forEach(System.out::println);
   * }</pre>
   *
   * @return the notes, one sentence each
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * The {@code volumes} and {@code volumeMounts} as one YAML document, to paste into a Pod template.
   *
   * <pre>{@code
   * System.out.println(pod.fragmentYaml());
   * }</pre>
   *
   * @return YAML
   */
  public String fragmentYaml() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("volumes", volumes);
    doc.put("volumeMounts", volumeMounts);
    return dump(List.of(doc));
  }

  /**
   * The claims and a Pod with one container that mounts everything, as a multi-document YAML
   * stream for {@code kubectl apply -f}.
   *
   * <pre>{@code
   * Files.writeString(Path.of("db.yaml"), pod.podYaml("db", "postgres:16"));
   * }</pre>
   *
   * @param name the Pod's and its container's name (a DNS-1123 label)
   * @param image the container's image
   * @return YAML
   */
  public String podYaml(String name, String image) {
    requireNonNull(name, "name == null");
    requireNonNull(image, "image == null");
    if (!KubernetesMapping.isLabel(name)) {
      throw new IllegalArgumentException("Pod name \"" + name + "\" is not a DNS-1123 label (lower-case letters, digits "
          + "and '-', at most 63, starting and ending with a letter or digit); pick such a name");
    }
    if (image.isBlank()) {
      throw new IllegalArgumentException("the image is blank; name the container's image");
    }
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", name);
    container.put("image", image);
    container.put("volumeMounts", volumeMounts);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("containers", List.of(container));
    spec.put("volumes", volumes);
    Map<String, Object> pod = new LinkedHashMap<>();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    pod.put("metadata", Map.of("name", name));
    pod.put("spec", spec);
    List<Object> docs = new ArrayList<>(claims);
    docs.add(pod);
    return dump(docs);
  }

  private static String dump(List<?> docs) {
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
        .setIndicatorIndent(2).setIndentWithIndicator(true).setExplicitStart(docs.size() > 1).build();
    return new Dump(settings).dumpAllToString(docs.iterator());
  }

  @Override
  public String toString() {
    return "PodVolumes{volumes=" + volumes + ", volumeMounts=" + volumeMounts + ", claims=" + claims.size()
        + ", notes=" + notes.size() + "}";
  }
}
