package io.github.volumes4j.data.internal;

import io.github.volumes4j.ContainerSpec;
import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.spi.VolumeEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image of started helpers ({@link io.github.volumes4j.data.TransferPath#HELPER_STREAM}), found,
 * never guessed, never pulled unless asked:
 * <ol>
 *   <li>an image the user names ({@code DataMovement.helperImage}): it must run {@code tar} (and,
 *       for the port exchange, {@code sh} and {@code nc}); pulled only when the user says so;
 *   <li>else the library's own image, imported from a statically linked {@code busybox} this host has
 *       ({@code VOLUMES4J_BUSYBOX}, {@code /bin/busybox}, {@code /usr/bin/busybox}), when its machine is the
 *       daemon's ({@code e_machine} against the daemon's architecture) and it has no program interpreter
 *       (a dynamic binary would not run in an image that holds nothing else);
 *   <li>else a local image that runs {@code tar}, found by looking, never by its name: the engine's
 *       images, smallest first (at most {@value #PROBES}), each probed with a created, never started,
 *       container for {@code /bin/busybox}, or for {@code tar} and {@code /bin/sh}; its streams are
 *       attached (no port: its {@code nc} may not run a program);
 *   <li>else none: the archive endpoints stay the path.
 * </ol>
 * The system property {@code volumes4j.helperImage.fromHost=false} skips the host's busybox (no image
 * is imported then).
 */
public final class StreamImage {

  private static final Logger LOG = LoggerFactory.getLogger(StreamImage.class);
  static final String REPOSITORY = "volumes4j/helper";

  /** The reference, and the command prefix that runs a tool in it ({@code /bin/busybox} or nothing). */
  public record Resolved(String reference, List<String> tool, boolean busybox, String origin) {
    List<String> run(String... args) {
      List<String> out = new ArrayList<>(tool);
      out.addAll(List.of(args));
      return out;
    }
  }

  private StreamImage() {}

  /** The user's image, checked to exist (pulled first when {@code pull}). */
  static Resolved user(VolumeEngine engine, String reference, boolean pull) {
    if (!engine.imageExists(reference)) {
      if (!pull) {
        throw new DataMovementException("the helper image \"" + reference + "\" is not on " + engine.info().name()
            + "; load or pull it first (docker pull " + reference + "), or allow the pull with helperImage(\"" + reference
            + "\", true)", null);
      }
      engine.pullImage(reference, p -> { });
    }
    return new Resolved(reference, List.of(), false, "the image named by helperImage(...)");
  }

  static final int PROBES = 25;

  /**
   * A local image that runs {@code tar} (see the class comment); empty when none of the first
   * {@value #PROBES} does or the engine cannot list its images.
   */
  static Optional<Resolved> found(VolumeEngine engine, Helpers helpers) {
    List<String> refs;
    try {
      refs = engine.listImages();
    } catch (io.github.volumes4j.UnsupportedFeatureException e) {
      return Optional.empty();
    }
    int probed = 0;
    for (String ref : refs) {
      if (ref.equals(Helpers.IMAGE)) {
        continue;                                  // the library's empty helper image holds nothing
      }
      if (probed++ >= PROBES) {
        break;
      }
      ContainerSpec.Builder spec = ContainerSpec.builder().image(ref).command(List.of("/bin/sh")).network("none");
      String name = helpers.prepare(spec, "(image probe)");
      String id;
      try {
        id = engine.createContainer(spec.build());
      } catch (RuntimeException e) {
        helpers.removeAfterFailedCreate(name, e);
        LOG.debug("image {}: cannot probe it: {}", ref, e.toString());
        continue;
      }
      try {
        if (isFile(engine, id, "/bin/busybox")) {
          return Optional.of(new Resolved(ref, List.of("/bin/busybox"), false, "a local image with busybox: " + ref));
        }
        if ((isFile(engine, id, "/bin/tar") || isFile(engine, id, "/usr/bin/tar")) && isFile(engine, id, "/bin/sh")) {
          return Optional.of(new Resolved(ref, List.of(), false, "a local image with tar: " + ref));
        }
      } catch (RuntimeException e) {
        LOG.debug("image {}: probe failed: {}", ref, e.toString());
      } finally {
        try {
          engine.removeContainer(id, false, true);
        } catch (RuntimeException e) {
          helpers.remember(name, "(image probe)", e);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isFile(VolumeEngine engine, String container, String path) {
    return engine.statPath(container, path).map(s -> !s.isDirectory()).orElse(false);
  }

  /** The library's busybox image, imported when missing; empty when this host has no usable busybox. */
  static Optional<Resolved> own(VolumeEngine engine) {
    if ("false".equals(System.getProperty("volumes4j.helperImage.fromHost"))) {
      return Optional.empty();
    }
    // the daemon's machine, not this JVM's: a remote daemon may run another
    Optional<Path> bin = hostBusybox(engine.info().architecture().orElse(System.getProperty("os.arch", "")));
    if (bin.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] content = Files.readAllBytes(bin.get());
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      String ref = REPOSITORY + ":busybox-" + sha.substring(0, 12);
      synchronized (StreamImage.class) {
        if (!engine.imageExists(ref)) {
          LOG.debug("importing {} from {}", ref, bin.get());
          engine.importImage(new java.io.ByteArrayInputStream(rootfs(content)), ref,
              Map.of(Helpers.LABEL_HELPER, "true", "org.opencontainers.image.description",
                  "volumes4j data-movement helper: a static busybox from the host (" + bin.get() + "), sha256 " + sha));
        }
      }
      return Optional.of(new Resolved(ref, List.of("/bin/busybox"), true, "the library's image of this host's " + bin.get()));
    } catch (IOException | NoSuchAlgorithmException e) {
      LOG.debug("no helper image from {}: {}", bin.get(), e.toString());
      return Optional.empty();
    }
  }

  /** A root file system holding {@code /bin/busybox} and an empty {@code /tmp}. */
  static byte[] rootfs(byte[] busybox) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(busybox.length + 4096);
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
      for (String dir : List.of("bin/", "tmp/")) {
        TarArchiveEntry d = new TarArchiveEntry(dir);
        d.setMode(dir.equals("tmp/") ? 01777 : 0755);
        t.putArchiveEntry(d);
        t.closeArchiveEntry();
      }
      TarArchiveEntry e = new TarArchiveEntry("bin/busybox");
      e.setMode(0755);
      e.setSize(busybox.length);
      t.putArchiveEntry(e);
      t.write(busybox);
      t.closeArchiveEntry();
      t.finish();
    }
    return b.toByteArray();
  }

  static Optional<Path> hostBusybox(String daemonArch) {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("VOLUMES4J_BUSYBOX");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    candidates.add(Path.of("/bin/busybox"));
    candidates.add(Path.of("/usr/bin/busybox"));
    for (Path p : candidates) {
      try {
        Path real = p.toRealPath();
        if (Files.isRegularFile(real) && isStaticElfFor(real, daemonArch)) {
          return Optional.of(real);
        }
      } catch (IOException e) {
        // not there
      }
    }
    return Optional.empty();
  }

  /** Whether {@code file} is a 64-bit little-endian ELF executable for {@code arch} with no PT_INTERP. */
  static boolean isStaticElfFor(Path file, String arch) throws IOException {
    int machine = switch (arch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> 0x3e;
      case "arm64", "aarch64" -> 0xb7;
      default -> -1;
    };
    if (machine < 0) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      if (ch.read(h, 0) < 64) {
        return false;
      }
      if (h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1 || (h.getShort(18) & 0xffff) != machine) {
        return false;
      }
      long phoff = h.getLong(32);
      int phentsize = h.getShort(54) & 0xffff;
      int phnum = h.getShort(56) & 0xffff;
      if (phentsize < 4 || phnum > 256) {
        return false;
      }
      ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(ph, phoff);
      for (int i = 0; i < phnum; i++) {
        if (ph.getInt(i * phentsize) == 3) {       // PT_INTERP: needs a dynamic loader the image lacks
          return false;
        }
      }
      return true;
    }
  }

}
