package io.github.volumes4j.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.DockerObject;
import com.github.dockerjava.api.model.DockerObjectAccessor;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumeOptions;
import io.github.volumes4j.BindMount;
import io.github.volumes4j.BindRecursion;
import io.github.volumes4j.Consistency;
import io.github.volumes4j.MountPoint;
import io.github.volumes4j.MountSpec;
import io.github.volumes4j.MountType;
import io.github.volumes4j.Propagation;
import io.github.volumes4j.TmpfsMount;
import io.github.volumes4j.VolumeMount;
import io.github.volumes4j.docker.internal.wire.WireMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** docker-java's model objects to and from the Engine API entries {@code DockerEngine} sends ({@link WireMount}). */
final class DockerJavaWire {

  private DockerJavaWire() {}

  /** A {@code Binds} entry whose JSON is exactly the {@code -v} text (docker-java's own would re-format it). */
  static final class ExactBind extends Bind {
    private static final long serialVersionUID = 1L;
    private final String text;

    ExactBind(String text, String source, String target, boolean readOnly) {
      super(source, new Volume(target), readOnly ? AccessMode.ro : AccessMode.rw);
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ExactBind b && b.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }
  }

  /** A {@code VolumesFrom} entry whose JSON is exactly the {@code --volumes-from} text. */
  static final class ExactVolumesFrom extends com.github.dockerjava.api.model.VolumesFrom {
    private static final long serialVersionUID = 1L;
    private final String text;

    ExactVolumesFrom(String text, String container, boolean readOnly) {
      super(container, readOnly ? AccessMode.ro : AccessMode.rw);
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ExactVolumesFrom f && f.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }
  }

  // ---- to docker-java ---------------------------------------------------------------------------

  static Mount mount(WireMount w) {
    Mount m = new Mount().withType(com.github.dockerjava.api.model.MountType.valueOf(w.type().toUpperCase(Locale.ROOT)))
        .withTarget(w.target());
    w.source().ifPresent(m::withSource);
    if (w.readOnly()) {
      m.withReadOnly(true);
    }
    w.consistency().ifPresent(c -> raw(m, "Consistency", c));
    w.bindOptions().filter(o -> !o.isEmpty()).ifPresent(o -> {
      BindOptions b = new BindOptions();
      o.propagation().ifPresent(p -> b.withPropagation(bindPropagation(p)));
      rawTrue(b, "NonRecursive", o.nonRecursive());
      rawTrue(b, "ReadOnlyNonRecursive", o.readOnlyNonRecursive());
      rawTrue(b, "ReadOnlyForceRecursive", o.readOnlyForceRecursive());
      rawTrue(b, "CreateMountpoint", o.createMountpoint());
      m.withBindOptions(b);
    });
    w.volumeOptions().filter(o -> !o.isEmpty()).ifPresent(o -> {
      VolumeOptions v = new VolumeOptions();
      if (o.noCopy()) {
        v.withNoCopy(true);
      }
      if (!o.labels().isEmpty()) {
        v.withLabels(o.labels());
      }
      if (o.driver().isPresent() || !o.driverOptions().isEmpty()) {
        Driver d = new Driver().withName(o.driver().orElse("local"));
        if (!o.driverOptions().isEmpty()) {
          d.withOptions(o.driverOptions());
        }
        v.withDriverConfig(d);
      }
      o.subpath().ifPresent(s -> raw(v, "Subpath", s));
      m.withVolumeOptions(v);
    });
    w.tmpfsOptions().filter(o -> !o.isEmpty()).ifPresent(o -> {
      TmpfsOptions t = new TmpfsOptions();
      o.sizeBytes().ifPresent(t::withSizeBytes);
      o.mode().ifPresent(t::withMode);
      if (!o.options().isEmpty()) {
        raw(t, "Options", o.options());
      }
      m.withTmpfsOptions(t);
    });
    return m;
  }

  private static void raw(DockerObject o, String key, Object value) {
    DockerObjectAccessor.overrideRawValue(o, key, value);
  }

  private static void rawTrue(DockerObject o, String key, boolean value) {
    if (value) {
      raw(o, key, true);
    }
  }

  private static BindPropagation bindPropagation(String apiName) {
    for (BindPropagation p : BindPropagation.values()) {
      if (p.name().replace("_", "").equalsIgnoreCase(apiName)) {
        return p;
      }
    }
    throw new IllegalArgumentException("propagation \"" + apiName + "\" has no docker-java BindPropagation");
  }

  // ---- from docker-java -------------------------------------------------------------------------

  static MountSpec spec(Mount m) {
    if (m.getType() == null) {
      throw new IllegalArgumentException("mount " + m + " has no type; give bind, volume or tmpfs");
    }
    String target = m.getTarget() == null ? "" : m.getTarget();
    boolean ro = Boolean.TRUE.equals(m.getReadOnly());
    Consistency consistency = consistency(m.getRawValues().get("Consistency"));
    switch (m.getType()) {
      case VOLUME -> {
        VolumeMount v = m.getSource() == null || m.getSource().isEmpty() ? VolumeMount.anonymous(target)
            : VolumeMount.of(m.getSource(), target);
        v = v.withReadOnly(ro).withConsistency(java.util.Optional.ofNullable(consistency));
        VolumeOptions o = m.getVolumeOptions();
        if (o != null) {
          v = v.withNoCopy(Boolean.TRUE.equals(o.getNoCopy()));
          if (o.getLabels() != null) {
            v = v.withLabels(o.getLabels());
          }
          if (o.getDriverConfig() != null) {
            v = v.withDriver(java.util.Optional.ofNullable(o.getDriverConfig().getName()));
            if (o.getDriverConfig().getOptions() != null) {
              v = v.withDriverOptions(o.getDriverConfig().getOptions());
            }
          }
          Object sub = o.getRawValues().get("Subpath");
          if (sub != null) {
            v = v.withSubpath(String.valueOf(sub));
          }
        }
        return v;
      }
      case BIND -> {
        BindMount b = BindMount.of(m.getSource() == null ? "" : m.getSource(), target).withReadOnly(ro)
            .withConsistency(java.util.Optional.ofNullable(consistency));
        BindOptions o = m.getBindOptions();
        if (o != null) {
          if (o.getPropagation() != null) {
            b = b.withPropagation(propagation(o.getPropagation().name().replace("_", "").toLowerCase(Locale.ROOT)));
          }
          Map<String, Object> r = o.getRawValues();
          if (isTrue(r.get("NonRecursive"))) {
            b = b.withRecursion(BindRecursion.DISABLED);
          } else if (isTrue(r.get("ReadOnlyForceRecursive"))) {
            b = b.withRecursion(BindRecursion.READONLY);
          } else if (isTrue(r.get("ReadOnlyNonRecursive"))) {
            b = b.withRecursion(BindRecursion.WRITABLE);
          }
          b = b.withCreateMountpoint(isTrue(r.get("CreateMountpoint")));
        }
        return b;
      }
      case TMPFS -> {
        TmpfsMount t = TmpfsMount.at(target).withReadOnly(ro).withConsistency(java.util.Optional.ofNullable(consistency));
        TmpfsOptions o = m.getTmpfsOptions();
        if (o != null) {
          if (o.getSizeBytes() != null) {
            t = t.withSizeBytes(o.getSizeBytes());
          }
          if (o.getMode() != null) {
            t = t.withMode(o.getMode());
          }
          if (o.getRawValues().get("Options") instanceof List<?> opts) {
            List<String> flat = new ArrayList<>();
            for (Object opt : opts) {
              List<?> kv = opt instanceof List<?> l ? l : List.of(String.valueOf(opt));
              flat.add(kv.size() > 1 ? kv.get(0) + "=" + kv.get(1) : String.valueOf(kv.get(0)));
            }
            t = t.withOptions(flat);
          }
        }
        return t;
      }
      default -> throw new IllegalArgumentException("mount type " + m.getType() + " of " + target
          + " is not modelled by volumes4j (bind, volume and tmpfs are)");
    }
  }

  private static boolean isTrue(Object o) {
    return Boolean.TRUE.equals(o) || "true".equals(o);
  }

  private static Consistency consistency(Object raw) {
    if (raw == null) {
      return null;
    }
    for (Consistency c : Consistency.values()) {
      if (c.apiName().equals(String.valueOf(raw))) {
        return c;
      }
    }
    return null;  // "default": Docker's own default, the same as none
  }

  static Propagation propagation(String apiName) {
    for (Propagation p : Propagation.values()) {
      if (p.apiName().equals(apiName)) {
        return p;
      }
    }
    throw new IllegalArgumentException("propagation \"" + apiName + "\" is not one of Docker's (rprivate, private, rshared, shared, rslave, slave)");
  }

  /**
   * docker-java's inspect model has no {@code Type} nor {@code Propagation}: a named entry is a volume,
   * one with a host source a bind, one with neither a tmpfs.
   */
  static MountPoint mountPoint(InspectContainerResponse.Mount m) {
    String name = m.getName() == null ? "" : m.getName();
    String source = m.getSource() == null ? "" : m.getSource();
    MountType type = !name.isEmpty() ? MountType.VOLUME : !source.isEmpty() ? MountType.BIND : MountType.TMPFS;
    MountPoint.Builder b = MountPoint.builder().type(type).source(source)
        .destination(m.getDestination() == null ? "" : m.getDestination().getPath())
        .mode(m.getMode() == null ? "" : m.getMode())
        .readWrite(!Boolean.FALSE.equals(m.getRW()));
    if (!name.isEmpty()) {
      b.name(name);
    }
    if (m.getDriver() != null && !m.getDriver().isEmpty()) {
      b.driver(m.getDriver());
    }
    return b.build();
  }
}
