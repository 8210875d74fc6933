package io.github.volumes4j;

import io.github.volumes4j.internal.Secrets;
import static java.util.Objects.requireNonNull;

import io.github.volumes4j.internal.Sizes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed options of Docker's {@code local} volume driver ({@code docker volume create --opt}),
 * checked as the driver checks them: only the keys {@code type}, {@code device}, {@code o} and
 * {@code size}; {@code type} and {@code device} need each other; {@code o} needs both.
 *
 * <pre>{@code
 * volumes.create(LocalDriver.tmpfs(64 << 20, 01777).volume("scratch"));        // RAM-backed, 64 MiB
 * volumes.create(LocalDriver.bind("/srv/data").volume("srv-data"));             // a host directory
 * volumes.create(LocalDriver.nfs("10.0.0.5", "/exports/db", "rw,nfsvers=4").volume("db"));
 * LocalDriver smb = LocalDriver.cifs("//files.example/share", "ann", password, "vers=3.0");
 * System.out.println(smb);   // LocalDriver{type=cifs, device=//files.example/share, o=addr=files.example,username=ann,password=***,vers=3.0}
 * }</pre>
 *
 * <p>Passwords never appear in {@link #toString()} nor in any message this class throws;
 * {@link #driverOptions()} holds them in clear, because the driver needs them. The daemon
 * checks no more than the keys at create time: a wrong device or mount option is reported only
 * when a container first mounts the volume ({@code failed to mount local volume: ...}), and a
 * daemon whose kernel lacks NFS or CIFS support answers {@code no such device} then.
 */
public final class LocalDriver {

  /** The keys the local driver accepts. */
  public static final Set<String> KEYS = Set.of("type", "device", "o", "size");

  /** What replaces a password in text: the same everywhere in volumes4j (values, errors, logs, backups). */
  public static final String MASK = Secrets.MASK;

  private final Map<String, String> options;

  private LocalDriver(Map<String, String> options) {
    this.options = options;
  }

  /**
   * A RAM-backed volume ({@code type=tmpfs}): its data lives in memory, counts against the
   * container's memory, and is lost when the last container using the volume stops.
   *
   * @param sizeBytes the most it may hold, in bytes (the kernel's {@code size=})
   * @param mode the permission bits of its root, for example {@code 01777} or {@code 0700}
   */
  public static LocalDriver tmpfs(long sizeBytes, int mode) {
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("tmpfs size " + sizeBytes + " is not positive; give the most it may hold, in bytes");
    }
    checkMode(mode);
    return new LocalDriver(ordered("tmpfs", "tmpfs",
        "size=" + Sizes.kernelSizeText(sizeBytes) + ",mode=" + Integer.toOctalString(mode)));
  }

  /**
   * A volume that is a directory of the daemon's host ({@code type=none, o=bind}). The directory
   * must exist when a container first mounts the volume; the daemon does not check it at create.
   *
   * @param hostDirectory an absolute path on the daemon's host (which may not be this machine)
   */
  public static LocalDriver bind(String hostDirectory) {
    requireNonNull(hostDirectory, "hostDirectory == null");
    if (!hostDirectory.startsWith("/")) {
      throw new IllegalArgumentException("bind device \"" + hostDirectory
          + "\" is not an absolute path; give the directory's absolute path on the daemon's host");
    }
    return new LocalDriver(ordered("none", hostDirectory, "bind"));
  }

  /** Like {@link #bind(String)}, for a directory of this machine when the daemon runs here too. */
  public static LocalDriver bind(Path hostDirectory) {
    requireNonNull(hostDirectory, "hostDirectory == null");
    return bind(hostDirectory.toAbsolutePath().normalize().toString());
  }

  /**
   * An NFS export ({@code type=nfs, device=:<export>, o=addr=<address>,<options>}).
   *
   * @param address the server's address or host name
   * @param export the exported path on the server, absolute
   * @param options further mount options such as {@code rw,nfsvers=4}; may be empty
   */
  public static LocalDriver nfs(String address, String export, String options) {
    requireNonNull(address, "address == null");
    requireNonNull(export, "export == null");
    requireNonNull(options, "options == null");
    checkWord("NFS server address", address);
    if (!export.startsWith("/")) {
      throw new IllegalArgumentException("NFS export \"" + export + "\" is not an absolute path; give the path the server exports, such as /exports/data");
    }
    checkExtraOptions("NFS", options);
    return new LocalDriver(ordered("nfs", ":" + export, "addr=" + address + (options.isEmpty() ? "" : "," + options)));
  }

  /**
   * A CIFS/SMB share ({@code type=cifs, device=//host/share,
   * o=addr=<host>,username=<user>,password=<password>,<options>}). The password is kept in clear in
   * {@link #driverOptions()} only: the daemon stores it with the volume and {@code docker volume
   * inspect} shows it, so prefer a credentials file where the kernel helper supports one.
   *
   * @param url the share as {@code //host/share}
   * @param options further mount options such as {@code vers=3.0,file_mode=0640}; may be empty
   */
  public static LocalDriver cifs(String url, String user, String password, String options) {
    requireNonNull(url, "url == null");
    requireNonNull(user, "user == null");
    requireNonNull(password, "password == null");
    requireNonNull(options, "options == null");
    if (!url.startsWith("//") || url.length() < 3 || url.charAt(2) == '/') {
      throw new IllegalArgumentException("CIFS share \"" + url + "\" is not of the form //host/share; write it as //files.example/share");
    }
    String host = url.substring(2).split("/", 2)[0];
    checkWord("CIFS user", user);
    if (password.contains(",")) {
      throw new IllegalArgumentException("CIFS password contains a comma, which ends a mount option; "
          + "use a credentials file (credentials=/path) in options instead");
    }
    checkExtraOptions("CIFS", options);
    return new LocalDriver(ordered("cifs", url,
        "addr=" + host + ",username=" + user + ",password=" + password + (options.isEmpty() ? "" : "," + options)));
  }

  /**
   * Options given as text (for example read from a configuration file), checked as the local
   * driver checks them at create: unknown keys, then missing companions, then {@code size}.
   *
   * @throws InvalidVolumeSpecException with the daemon's words and what to do
   */
  public static LocalDriver of(Map<String, String> driverOptions) {
    requireNonNull(driverOptions, "driverOptions == null");
    check(driverOptions);
    return new LocalDriver(Map.copyOf(new TreeMap<>(driverOptions)));
  }

  /**
   * Checks options as the local driver does on create; nothing for valid ones (an empty map is valid).
   *
   * @throws InvalidVolumeSpecException naming the key (never a password)
   */
  public static void check(Map<String, String> driverOptions) {
    requireNonNull(driverOptions, "driverOptions == null");
    for (String key : new TreeMap<>(driverOptions).keySet()) {
      if (!KEYS.contains(key)) {
        throw new InvalidVolumeSpecException(key, "invalid option: \"" + key
            + "\"; the local driver takes only type, device, o and size");
      }
    }
    // o needs device and type; device and type need each other (moby volume/local, mandatoryOpts)
    String[][] needs = {{"o", "device"}, {"o", "type"}, {"type", "device"}, {"device", "type"}};
    for (String[] need : needs) {
      if (driverOptions.containsKey(need[0]) && !driverOptions.containsKey(need[1])) {
        throw new InvalidVolumeSpecException(need[1], "missing required option: \"" + need[1] + "\" (option \""
            + need[0] + "\" needs it); give type and device together, for example type=tmpfs,device=tmpfs");
      }
    }
    String size = driverOptions.get("size");
    if (size != null && Sizes.ramInBytes(size) < 0) {
      throw new InvalidVolumeSpecException(size, "invalid size: \"" + size + "\"; give a size such as 512m or 2g");
    }
  }

  /** The options as the driver needs them (passwords in clear): send these, never print them. */
  public Map<String, String> driverOptions() {
    return options;
  }

  /** The options with passwords masked, for printing. */
  public Map<String, String> maskedOptions() {
    return mask(options);
  }

  /** {@code type}: tmpfs, none (bind), nfs, cifs, or another file system type. */
  public Optional<String> type() {
    return Optional.ofNullable(options.get("type"));
  }

  /** {@code device}: what is mounted. */
  public Optional<String> device() {
    return Optional.ofNullable(options.get("device"));
  }

  /** {@code o}: the mount options, passwords masked. */
  public Optional<String> mountOptions() {
    return Optional.ofNullable(options.get("o")).map(LocalDriver::maskText);
  }

  /** Whether mounting needs kernel support for a network file system (NFS or CIFS/SMB). */
  public boolean needsNetworkFileSystem() {
    String t = options.getOrDefault("type", "");
    return t.equals("nfs") || t.equals("nfs4") || t.equals("cifs") || t.equals("smb3");
  }

  /** A named volume of the local driver with these options. */
  public VolumeSpec volume(String name) {
    return VolumeSpec.builder().name(requireNonNull(name, "name == null")).driver("local").driverOptions(options).build();
  }

  /** An anonymous volume of the local driver with these options. */
  public VolumeSpec anonymousVolume() {
    return VolumeSpec.builder().driver("local").driverOptions(options).build();
  }

  /**
   * Driver options with secrets masked: the whole value of a key that names a secret, and the value
   * of each {@code password=} (and the like) inside mount options, {@code ,,}-escaped commas included.
   * {@code LocalDriver.mask(Map.of("o", "addr=h,password=p,,w,uid=1"))} gives
   * {@code {o=addr=h,password=<masked by volumes4j>,uid=1}}.
   */
  public static Map<String, String> mask(Map<String, String> driverOptions) {
    return Secrets.mask(driverOptions);
  }

  /** Mount options ({@code addr=h,password=p}) with the value of every {@code password=} (and the like) masked. */
  public static String maskText(String text) {
    return Secrets.maskOptions(text);
  }

  private static Map<String, String> ordered(String type, String device, String o) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("device", device);
    m.put("o", o);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static void checkMode(int mode) {
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("mode 0" + Integer.toOctalString(mode)
          + " is not a permission mode; give octal bits between 0 and 07777, such as 01777");
    }
  }

  private static void checkWord(String what, String value) {
    if (value.isEmpty() || value.contains(",") || value.contains("=") || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(what + " \"" + value + "\" is empty or holds a comma, '=' or a space, "
          + "which would break the mount options; give a plain value");
    }
  }

  private static void checkExtraOptions(String what, String options) {
    for (String o : options.split(",")) {
      String key = o.contains("=") ? o.substring(0, o.indexOf('=')).trim() : o.trim();
      if (key.equals("addr") || key.equals("username") || key.equals("user") || key.equals("password")) {
        throw new IllegalArgumentException(what + " options \"" + maskText(options) + "\" repeat " + key
            + ", which this method sets itself; leave it out");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalDriver d && d.options.equals(options);
  }

  @Override
  public int hashCode() {
    return options.hashCode();
  }

  /** The options with passwords masked. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("LocalDriver{");
    String sep = "";
    for (Map.Entry<String, String> e : maskedOptions().entrySet()) {
      b.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = ", ";
    }
    return b.append('}').toString();
  }
}
