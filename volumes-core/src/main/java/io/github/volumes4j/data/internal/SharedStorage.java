package io.github.volumes4j.data.internal;

import io.github.volumes4j.Volume;
import io.github.volumes4j.data.SharedStorageException;
import io.github.volumes4j.internal.Secrets;
import java.util.Map;

/**
 * Volumes whose storage exists before they do: a local volume with a {@code device} that is not a tmpfs (a bind of a
 * host directory, an NFS or CIFS export), or a volume of a plugin driver. Two daemons that reach the same storage
 * create two volumes over one set of files; a clone with the source's options is the source again. Jobs that create
 * a volume and write into it check such a volume first, so that they never write into storage that holds data.
 */
final class SharedStorage {

  private SharedStorage() {}

  /** Whether a new volume with these driver and options may already hold data. */
  static boolean mayHoldData(Volume v) {
    if (!v.driver().equals("local")) {
      return true;
    }
    return !v.options().isEmpty() && !"tmpfs".equals(v.options().get("type"));
  }

  /**
   * Whether a volume a job just created already holds data: only asked of volumes whose storage may exist before
   * them ({@link #mayHoldData}), so that a plain volume costs no engine call.
   */
  static boolean holdsData(VolumeAccess access, Volume created) {
    return mayHoldData(created) && !access.isEmpty(created, java.util.Optional.empty());
  }

  /** Whether a local volume names a device: a clone with its options would be the same storage. */
  static boolean namesDevice(Volume v) {
    return v.driver().equals("local") && v.options().containsKey("device") && !"tmpfs".equals(v.options().get("type"));
  }

  /** The storage as the options name it, secrets masked. */
  static String describe(Volume v) {
    Map<String, String> o = Secrets.mask(v.options());
    StringBuilder b = new StringBuilder(v.driver().equals("local") ? "" : "driver " + v.driver() + (o.isEmpty() ? "" : ", "));
    for (String k : new String[] {"type", "o", "device"}) {
      if (o.containsKey(k)) {
        b.append(b.length() == 0 || b.toString().endsWith(", ") ? "" : ", ").append(k).append('=').append(o.get(k));
      }
    }
    o.forEach((k, val) -> {
      if (!k.equals("type") && !k.equals("o") && !k.equals("device")) {
        b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(val);
      }
    });
    return b.toString();
  }

  /** Refuses a clone of a volume that names a device: the clone would be the same files, not a copy. */
  static void refuseClone(Volume source, String target) {
    if (namesDevice(source)) {
      throw new SharedStorageException(source.name(), describe(source), "cannot clone volume \"" + source.name() + "\" to \""
          + target + "\": its driver options name storage (" + describe(source) + "), so a clone with the same options would"
          + " be the same files, not a copy; nothing was created. Clone onto storage of its own:"
          + " clone(\"" + source.name() + "\").to(LocalDriver.bind(otherDirectory).volume(\"" + target + "\")), or to a"
          + " plain volume: to(VolumeSpec.named(\"" + target + "\"))");
    }
  }
}
