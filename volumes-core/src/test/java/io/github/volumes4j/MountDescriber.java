package io.github.volumes4j;

import java.util.ArrayList;
import java.util.List;

/** A compact, independent description of a mount value, for table-driven tests. */
final class MountDescriber {

  private MountDescriber() {}

  static String describe(MountSpec m) {
    List<String> p = new ArrayList<>();
    p.add(m.type().apiName());
    if (m instanceof VolumeMount v) {
      p.add("name=" + v.source().orElse("<anon>"));
      p.add("dst=" + v.target());
      if (v.readOnly()) {
        p.add("ro");
      }
      if (v.noCopy()) {
        p.add("nocopy");
      }
      v.selinuxLabel().ifPresent(l -> p.add(l.mode()));
      v.subpath().ifPresent(s -> p.add("sub=" + s));
      v.driver().ifPresent(s -> p.add("drv=" + s));
      if (!v.labels().isEmpty()) {
        p.add("lbl=" + v.labels());
      }
      if (!v.driverOptions().isEmpty()) {
        p.add("opt=" + v.driverOptions());
      }
    } else if (m instanceof BindMount b) {
      p.add("src=" + b.source());
      p.add("dst=" + b.target());
      if (b.readOnly()) {
        p.add("ro");
      }
      b.selinuxLabel().ifPresent(l -> p.add(l.mode()));
      b.propagation().ifPresent(x -> p.add("prop=" + x.apiName()));
      b.recursion().ifPresent(x -> p.add("rec=" + x.cliName()));
      if (b.createMountpoint()) {
        p.add("create");
      }
    } else {
      TmpfsMount t = (TmpfsMount) m;
      p.add("dst=" + t.target());
      if (t.readOnly()) {
        p.add("ro");
      }
      t.sizeBytes().ifPresent(s -> p.add("size=" + s));
      t.mode().ifPresent(s -> p.add("mode=" + Integer.toOctalString(s)));
      if (!t.options().isEmpty()) {
        p.add("opts=" + String.join(";", t.options()));
      }
    }
    m.consistency().ifPresent(c -> p.add("cons=" + c.apiName()));
    return String.join(" ", p);
  }
}
