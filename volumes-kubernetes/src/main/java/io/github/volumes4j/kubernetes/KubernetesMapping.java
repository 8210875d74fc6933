package io.github.volumes4j.kubernetes;

import static java.util.Objects.requireNonNull;

import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.VolumeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Maps Docker mounts to Kubernetes: tmpfs to {@code emptyDir} with {@code medium: Memory} and
 * {@code sizeLimit}; binds to {@code hostPath} ({@code DirectoryOrCreate} for {@code -v} and
 * {@code bind-create-src}, {@code Directory} for {@code --mount}); named volumes to
 * PersistentVolumeClaims; anonymous volumes to {@code emptyDir}; subpath to {@code subPath};
 * read-only, recursive read-only ({@code recursiveReadOnly}) and propagation
 * ({@code mountPropagation}) where they map. What has no equivalent is refused with
 * {@link UnmappableMountException}, never dropped. The mapping table is {@code docs/kubernetes.md}.
 *
 * <pre>{@code
 * PodVolumes pod = KubernetesMapping.builder().claimStorage("10Gi").storageClass("standard").build()
 *     .map(List.of(MountSyntax.VOLUME.parse("pgdata:/var/lib/postgresql/data"),
 *                  MountSyntax.TMPFS.parse("/run:size=64m")));
 * }</pre>
 */
public final class KubernetesMapping {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
  private static final Pattern LABEL_KEY = Pattern.compile(
      "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Set<String> ACCESS_MODES = Set.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany",
      "ReadWriteOncePod");

  private final Optional<String> claimStorage;
  private final Optional<String> storageClass;
  private final String accessMode;
  private final Map<String, String> claimNames;

  private KubernetesMapping(Builder b) {
    this.claimStorage = b.claimStorage;
    this.storageClass = b.storageClass;
    this.accessMode = b.accessMode;
    this.claimNames = Map.copyOf(b.claimNames);
  }

  /**
   * A builder; the claims' storage request must be set when any named volume is mapped.
   *
   * <pre>{@code
   * KubernetesMapping m = KubernetesMapping.builder().claimStorage("1Gi").build();
   * }</pre>
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link KubernetesMapping}: {@code KubernetesMapping.builder().claimStorage("5Gi").build()}. */
  public static final class Builder {
    private Optional<String> claimStorage = Optional.empty();
    private Optional<String> storageClass = Optional.empty();
    private String accessMode = "ReadWriteOnce";
    private final Map<String, String> claimNames = new HashMap<>();

    private Builder() {}

    /**
     * The storage each claim requests ({@code resources.requests.storage}), a Kubernetes quantity.
     * Docker volumes have no size, so it is never guessed.
     *
     * <pre>{@code
     * builder.claimStorage("10Gi");
     * }</pre>
     *
     * @param quantity {@code 500Mi}, {@code 10Gi}, {@code 1T}, ...
     * @return this builder
     */
    public Builder claimStorage(String quantity) {
      requireNonNull(quantity, "quantity == null");
      if (!QUANTITY.matcher(quantity).matches()) {
        throw new IllegalArgumentException("claim storage \"" + quantity + "\" is not a Kubernetes quantity; write it "
            + "as 10Gi, 500Mi or 1T");
      }
      this.claimStorage = Optional.of(quantity);
      return this;
    }

    /**
     * The claims' {@code storageClassName}; without it the cluster's default class is used.
     *
     * <pre>{@code
     * builder.storageClass("fast-ssd");
     * }</pre>
     *
     * @param name the storage class
     * @return this builder
     */
    public Builder storageClass(String name) {
      requireNonNull(name, "name == null");
      if (!SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
        throw new IllegalArgumentException("storage class \"" + name + "\" is not a DNS-1123 subdomain; use lower-case "
            + "letters, digits, '-' and '.'");
      }
      this.storageClass = Optional.of(name);
      return this;
    }

    /**
     * The claims' access mode ({@code ReadWriteOnce} unless set).
     *
     * <pre>{@code
     * builder.accessMode("ReadWriteMany");
     * }</pre>
     *
     * @param mode {@code ReadWriteOnce}, {@code ReadOnlyMany}, {@code ReadWriteMany} or {@code ReadWriteOncePod}
     * @return this builder
     */
    public Builder accessMode(String mode) {
      requireNonNull(mode, "mode == null");
      if (!ACCESS_MODES.contains(mode)) {
        throw new IllegalArgumentException("access mode \"" + mode + "\" is not one of " + new java.util.TreeSet<>(
            ACCESS_MODES));
      }
      this.accessMode = mode;
      return this;
    }

    /**
     * The claim a Docker volume becomes, for a volume whose name is not a valid claim name
     * ({@code My_Data}); otherwise the claim has the volume's name.
     *
     * <pre>{@code
     * builder.claimName("My_Data", "my-data");
     * }</pre>
     *
     * @param volume the Docker volume's name
     * @param claim the claim's name (a DNS-1123 subdomain)
     * @return this builder
     */
    public Builder claimName(String volume, String claim) {
      requireNonNull(volume, "volume == null");
      requireNonNull(claim, "claim == null");
      if (!SUBDOMAIN.matcher(claim).matches() || claim.length() > 253) {
        throw new IllegalArgumentException("claim name \"" + claim + "\" is not a DNS-1123 subdomain; use lower-case "
            + "letters, digits, '-' and '.'");
      }
      claimNames.put(volume, claim);
      return this;
    }

    /**
     * The mapping.
     *
     * <pre>{@code
     * KubernetesMapping m = builder.build();
     * }</pre>
     *
     * @return the mapping
     */
    public KubernetesMapping build() {
      return new KubernetesMapping(this);
    }
  }

  /**
   * Maps mounts; named volumes become claims with no driver or labels of their own.
   *
   * <pre>{@code
   * PodVolumes pod = mapping.map(List.of(MountSyntax.VOLUME.parse("/srv/conf:/etc/app:ro")));
   * }</pre>
   *
   * @param mounts the container's mounts
   * @return the Pod's volumes, mounts and claims
   * @throws UnmappableMountException for a setting without a Kubernetes equivalent
   */
  public PodVolumes map(List<? extends MountSpec> mounts) {
    return map(mounts, List.of());
  }

  /**
   * Maps mounts, with the specs of the named volumes they use (labels become the claims' labels; a
   * driver other than {@code local}, or driver options, are refused: a PersistentVolume or a
   * StorageClass stands for them in Kubernetes).
   *
   * <pre>{@code
   * PodVolumes pod = mapping.map(mounts, List.of(VolumeSpec.named("pgdata").label("app", "db")));
   * }</pre>
   *
   * @param mounts the container's mounts
   * @param volumes specs of named volumes (matched by name; others are not rendered)
   * @return the Pod's volumes, mounts and claims
   * @throws UnmappableMountException for a setting without a Kubernetes equivalent
   */
  public PodVolumes map(List<? extends MountSpec> mounts, List<VolumeSpec> volumes) {
    requireNonNull(mounts, "mounts == null");
    requireNonNull(volumes, "volumes == null");
    Map<String, VolumeSpec> specs = new HashMap<>();
    for (VolumeSpec s : volumes) {
      s.name().ifPresent(n -> specs.put(n, s));
    }
    State st = new State();
    for (MountSpec m : mounts) {
      requireNonNull(m, "a mount is null");
      if (m instanceof TmpfsMount t) {
        tmpfs(st, t);
      } else if (m instanceof BindMount b) {
        bind(st, b);
      } else if (m instanceof VolumeMount v) {
        volume(st, v, specs);
      }
    }
    return new PodVolumes(st.volumes, st.mounts, new ArrayList<>(st.claims.values()), st.notes);
  }

  private static final class State {
    final List<Map<String, Object>> volumes = new ArrayList<>();
    final List<Map<String, Object>> mounts = new ArrayList<>();
    final Map<String, Map<String, Object>> claims = new LinkedHashMap<>();
    final Map<String, String> podVolumeOfClaim = new HashMap<>();
    final Set<String> names = new java.util.HashSet<>();
    final Set<String> targets = new java.util.HashSet<>();
    final List<String> notes = new ArrayList<>();

    String unique(String base) {
      String n = base;
      for (int i = 2; !names.add(n); i++) {
        String suffix = "-" + i;
        n = trim(base, 63 - suffix.length()) + suffix;
      }
      return n;
    }
  }

  // ---- tmpfs ---------------------------------------------------------------------------------

  private void tmpfs(State st, TmpfsMount t) {
    String what = "tmpfs " + t.target();
    target(st, what, t.target());
    if (t.mode().isPresent()) {
      throw new UnmappableMountException(what + ": tmpfs-mode=" + Integer.toOctalString(t.mode().getAsInt())
          + " has no Kubernetes equivalent (an emptyDir's mode is always 0777); set the mode from the container "
          + "(chmod in its command or an init container) and drop it from the mount");
    }
    if (!t.options().isEmpty()) {
      throw new UnmappableMountException(what + ": tmpfs options " + t.options() + " have no Kubernetes equivalent (an "
          + "emptyDir takes only medium and sizeLimit); drop them or enforce them in the container");
    }
    Map<String, Object> emptyDir = new LinkedHashMap<>();
    emptyDir.put("medium", "Memory");
    if (t.sizeBytes().isPresent()) {
      emptyDir.put("sizeLimit", quantity(t.sizeBytes().getAsLong()));
    } else {
      st.notes.add(what + ": no size, so the emptyDir has no sizeLimit; Docker's tmpfs without a size may use half the "
          + "host's memory, a memory-backed emptyDir counts against the container's memory limit");
    }
    String name = st.unique(base("tmpfs", t.target()));
    st.volumes.add(volume(name, "emptyDir", emptyDir));
    st.mounts.add(mount(name, t.target(), t.readOnly(), Optional.empty()));
  }

  /** Bytes as a quantity: a power-of-two suffix when exact ({@code 64Mi}), else the bytes. */
  static String quantity(long bytes) {
    String[] units = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (6 - i));
      if (bytes >= unit && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }

  // ---- binds ---------------------------------------------------------------------------------

  private void bind(State st, BindMount b) {
    String what = "bind " + b.source() + " -> " + b.target();
    target(st, what, b.target());
    if (b.selinuxLabel().isPresent()) {
      throw new UnmappableMountException(what + ": the SELinux relabel :" + b.selinuxLabel().get().mode() + " has no Kubernetes equivalent (hostPath volumes are never relabeled); label the "
          + "host directory yourself and set the Pod's securityContext.seLinuxOptions");
    }
    Optional<BindRecursion> rec = b.recursion();
    if (rec.filter(BindRecursion.DISABLED::equals).isPresent()) {
      throw new UnmappableMountException(what + ": bind-recursive=disabled has no Kubernetes equivalent (hostPath "
          + "volumes are always bound recursively, sub-mounts included); drop it, or mount the sub-mounts you need "
          + "separately");
    }
    Map<String, Object> hostPath = new LinkedHashMap<>();
    hostPath.put("path", b.source());
    hostPath.put("type", b.createMountpoint() ? "DirectoryOrCreate" : "Directory");
    String name = st.unique(base("host", b.source()));
    st.volumes.add(volume(name, "hostPath", hostPath));
    Map<String, Object> m = mount(name, b.target(), b.readOnly(), Optional.empty());
    if (rec.filter(BindRecursion.READONLY::equals).isPresent()) {
      m.put("recursiveReadOnly", "Enabled");          // Kubernetes 1.30+, and mountPropagation None
    } else if (rec.filter(BindRecursion.WRITABLE::equals).isPresent()) {
      m.put("recursiveReadOnly", "Disabled");
    }
    b.propagation().ifPresent(p -> m.put("mountPropagation", propagation(what, p, st)));
    if (rec.filter(BindRecursion.READONLY::equals).isPresent()
        && !"None".equals(m.getOrDefault("mountPropagation", "None"))) {
      throw new UnmappableMountException(what + ": recursive read-only needs private propagation in Kubernetes too; "
          + "drop the propagation or the recursion");
    }
    st.mounts.add(m);
  }

  private static String propagation(String what, Propagation p, State st) {
    switch (p) {
      case RPRIVATE:
        return "None";
      case RSLAVE:
        return "HostToContainer";
      case RSHARED:
        st.notes.add(what + ": mountPropagation Bidirectional (rshared) needs a privileged container in Kubernetes");
        return "Bidirectional";
      default:
        String r = "r" + p.name().toLowerCase(Locale.ROOT);
        throw new UnmappableMountException(what + ": bind-propagation=" + p.name().toLowerCase(Locale.ROOT) + " has no "
            + "Kubernetes equivalent (mountPropagation has only the recursive kinds: None is rprivate, HostToContainer "
            + "rslave, Bidirectional rshared); use " + r + " if the sub-mounts may follow");
    }
  }

  // ---- volumes -------------------------------------------------------------------------------

  private void volume(State st, VolumeMount v, Map<String, VolumeSpec> specs) {
    String what = (v.anonymous() ? "anonymous volume" : "volume " + v.source().get()) + " -> " + v.target();
    target(st, what, v.target());
    if (v.selinuxLabel().isPresent()) {
      throw new UnmappableMountException(what + ": the SELinux relabel :" + v.selinuxLabel().get().mode() + " has no per-mount equivalent in Kubernetes (the kubelet relabels a claim's volume "
          + "with the Pod's securityContext.seLinuxOptions); drop it and set those");
    }
    if (v.driver().filter(d -> !d.equals("local")).isPresent() || !v.driverOptions().isEmpty()) {
      throw new UnmappableMountException(what + ": the volume driver " + v.driver().orElse("local") + " with options "
          + v.driverOptions().keySet() + " has no place in a PersistentVolumeClaim (a PersistentVolume or a "
          + "StorageClass stands for a driver and its options in Kubernetes); create one, name it with storageClass(...), "
          + "and drop them from the mount");
    }
    if (v.anonymous()) {
      String name = st.unique(base("anon", v.target()));
      st.volumes.add(volume(name, "emptyDir", Map.of()));
      st.mounts.add(mount(name, v.target(), v.readOnly(), v.subpath()));
      st.notes.add(what + ": an anonymous volume becomes an emptyDir, which lives as long as the Pod (Docker keeps it "
          + "until the container is removed)");
      return;
    }
    String vol = v.source().get();
    String claim = claimNames.getOrDefault(vol, vol);
    if (!SUBDOMAIN.matcher(claim).matches() || claim.length() > 253) {
      throw new UnmappableMountException(what + ": the volume name \"" + vol + "\" is not a valid claim name (a DNS-1123 "
          + "subdomain: lower-case letters, digits, '-' and '.'); map it with claimName(\"" + vol + "\", \""
          + suggest(vol) + "\")");
    }
    if (!v.noCopy()) {
      st.notes.add(what + ": Docker copies the image's files at " + v.target() + " into the volume when it is empty; "
          + "Kubernetes never does (seed the claim with an init container if the image ships data there)");
    }
    String podVolume = st.podVolumeOfClaim.get(claim);
    if (podVolume == null) {
      podVolume = st.unique(trim(sanitize(claim), 63));
      st.podVolumeOfClaim.put(claim, podVolume);
      st.volumes.add(volume(podVolume, "persistentVolumeClaim", Map.of("claimName", claim)));
      st.claims.put(claim, claim(vol, claim, v.labels(), specs.get(vol), st));
    }
    st.mounts.add(mount(podVolume, v.target(), v.readOnly(), v.subpath()));
  }

  private Map<String, Object> claim(String vol, String claim, Map<String, String> mountLabels, VolumeSpec spec,
      State st) {
    if (claimStorage.isEmpty()) {
      throw new UnmappableMountException("volume " + vol + ": a PersistentVolumeClaim needs a storage request and Docker "
          + "volumes have no size; set one with KubernetesMapping.builder().claimStorage(\"10Gi\")");
    }
    Map<String, String> all = new TreeMap<>(mountLabels);
    if (spec != null) {
      if (!spec.driver().equals("local") || !spec.driverOptions().isEmpty()) {
        throw new UnmappableMountException("volume " + vol + ": the driver " + spec.driver() + " with options "
            + spec.driverOptions().keySet() + " has no place in a PersistentVolumeClaim (a PersistentVolume or a "
            + "StorageClass stands for a driver and its options in Kubernetes); create one and name it with "
            + "storageClass(...)");
      }
      all.putAll(spec.labels());
    }
    Map<String, Object> labels = new LinkedHashMap<>();
    Map<String, Object> annotations = new LinkedHashMap<>();
    all.forEach((k, val) -> {
      if (LABEL_KEY.matcher(k).matches() && k.length() <= 316 && LABEL_VALUE.matcher(val).matches()) {
        labels.put(k, val);
      } else {
        annotations.put(k, val);
      }
    });
    if (!annotations.isEmpty()) {
      st.notes.add("volume " + vol + ": labels " + annotations.keySet() + " are not valid Kubernetes labels; they are the "
          + "claim's annotations");
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", claim);
    if (!labels.isEmpty()) {
      metadata.put("labels", labels);
    }
    if (!annotations.isEmpty()) {
      metadata.put("annotations", annotations);
    }
    Map<String, Object> specMap = new LinkedHashMap<>();
    specMap.put("accessModes", List.of(accessMode));
    specMap.put("resources", Map.of("requests", Map.of("storage", claimStorage.get())));
    storageClass.ifPresent(c -> specMap.put("storageClassName", c));
    Map<String, Object> pvc = new LinkedHashMap<>();
    pvc.put("apiVersion", "v1");
    pvc.put("kind", "PersistentVolumeClaim");
    pvc.put("metadata", metadata);
    pvc.put("spec", specMap);
    return pvc;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void target(State st, String what, String target) {
    if (!st.targets.add(target)) {
      throw new UnmappableMountException(what + ": another mount already has the target " + target + " (Docker refuses "
          + "it as a duplicate mount point, and so does Kubernetes)");
    }
  }

  private static Map<String, Object> volume(String name, String kind, Map<String, ?> source) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", name);
    v.put(kind, source);
    return v;
  }

  private static Map<String, Object> mount(String name, String target, boolean readOnly, Optional<String> subPath) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("mountPath", target);
    subPath.ifPresent(s -> m.put("subPath", s));
    if (readOnly) {
      m.put("readOnly", true);
    }
    return m;
  }

  private static String base(String kind, String path) {
    String s = sanitize(path);
    return s.isEmpty() ? kind : trim(kind + "-" + s, 63);
  }

  static String sanitize(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  private static String trim(String s, int max) {
    String t = s.length() <= max ? s : s.substring(0, max);
    return t.replaceAll("-+$", "");
  }

  private static String suggest(String volume) {
    String s = trim(sanitize(volume), 253);
    return s.isEmpty() ? "data" : s;
  }

  static boolean isLabel(String s) {
    return LABEL.matcher(s).matches();
  }

  @Override
  public String toString() {
    return "KubernetesMapping{claimStorage=" + claimStorage.orElse("(unset)") + ", storageClass="
        + storageClass.orElse("(default)") + ", accessMode=" + accessMode + ", claimNames=" + claimNames + "}";
  }
}
