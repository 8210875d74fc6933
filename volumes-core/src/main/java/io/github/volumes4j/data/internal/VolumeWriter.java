package io.github.volumes4j.data.internal;

import io.github.volumes4j.data.DataMovementException;
import io.github.volumes4j.data.TransferPath;
import io.github.volumes4j.data.TreeDigest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checked entries into a volume, then makes them durable and (when asked) proves that what
 * landed is what was sent. Closing an unfinished writer aborts it: nothing more is written, its
 * helper container is removed.
 */
public interface VolumeWriter extends AutoCloseable {

  TransferPath path();

  /** Writes one entry, already checked by the writer's tracker; its content is read from {@code content}. */
  void entry(TarArchiveEntry e, String name, InputStream content) throws IOException;

  /** Completes the write; with {@code verify}, reads the volume back and compares it with what was sent. */
  TreeDigest finish(boolean verify);

  @Override
  void close();

  /** The name of the volume root in uploads. */
  String PREFIX = "./";

  /**
   * The proved, writable mountpoint of a volume the job made or is the only user of: entries are
   * created on a thread of their own ({@link ExtractorThread}), synced with one
   * {@code syncfs}, and verified by walking the tree that landed, each file's content taken from the
   * SHA-256 of the very bytes written to it.
   */
  final class Host implements VolumeWriter {
    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    private final Path mountpoint;
    private final EntryTracker tracker;
    private final ExtractorThread x;
    private boolean finished;

    Host(Path mountpoint, EntryTracker tracker) {
      this.mountpoint = mountpoint;
      this.tracker = tracker.recordContents();
      try {
        this.x = new ExtractorThread(new HostExtractor.Extractor(mountpoint, true, tracker));
      } catch (IOException e) {
        throw new DataMovementException("cannot write into the volume's mountpoint " + mountpoint + ": " + e.getMessage(), e);
      }
    }

    @Override
    public TransferPath path() {
      return TransferPath.HOST_MOUNTPOINT;
    }

    public Path mountpoint() {
      return mountpoint;
    }

    @Override
    public void entry(TarArchiveEntry e, String name, InputStream content) throws IOException {
      try {
        x.entry(e, name, content, tracker);
      } catch (HostExtractor.WriteFailedException ex) {
        throw failed(ex);
      }
    }

    private DataMovementException failed(HostExtractor.WriteFailedException ex) {
      return new DataMovementException("writing into the volume's mountpoint " + mountpoint + " failed: "
          + ex.getMessage(), ex.getCause());
    }

    @Override
    public TreeDigest finish(boolean verify) {
      long t0 = System.nanoTime();
      try {
        x.finish();
      } catch (HostExtractor.WriteFailedException ex) {
        throw failed(ex);
      } catch (IOException ex) {
        throw new DataMovementException("writing into the volume's mountpoint " + mountpoint + " failed: " + ex.getMessage(), ex);
      }
      finished = true;
      long t1 = System.nanoTime();
      syncFileSystem(mountpoint);
      long t2 = System.nanoTime();
      TreeDigest sent = Digests.of(tracker);
      if (verify) {
        EntryTracker landed = new EntryTracker(EntryTracker.FROM_VOLUME);
        try {
          HostTree.digest(mountpoint, tracker, landed);
        } catch (IOException e) {
          throw new DataMovementException("reading back " + mountpoint + " failed: " + e.getMessage(), e);
        }
        TreeDigest d = Digests.of(landed);
        if (!d.sha256().equals(sent.sha256()) || d.bytes() != sent.bytes()) {
          throw new DataMovementException("the volume's mountpoint " + mountpoint + " does not hold what was written: "
              + "expected " + sent + ", found " + d);
        }
      }
      LOG.debug("wrote {}: extract {} ms, sync {} ms, read-back {} ms", mountpoint, (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
      return sent;
    }

    @Override
    public void close() {
      if (!finished) {
        x.abort();
      }
    }

    /** {@code sync -f}: one syncfs(2) for the file system of {@code dir}, the way the tar pattern's {@code sync} is durable. */
    static void syncFileSystem(Path dir) {
      try {
        Process p = new ProcessBuilder("sync", "-f", dir.toString()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (p.waitFor() != 0) {
          LOG.warn("sync -f {} failed; the written data may not be on disk yet", dir);
        }
      } catch (IOException e) {
        LOG.warn("cannot run sync -f {} ({}); the written data may not be on disk yet", dir, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * One upload to the engine's archive endpoint of a created, never-started helper container that
   * mounts the volume writable. The upload is aborted (never ended cleanly) when the writer is
   * closed unfinished. The root entry's mode, owner and mtime are applied by a second upload of
   * {@code data/} alone to the helper's {@code /}: Docker skips a {@code ./} entry, but applies
   * {@code data/}, the mountpoint.
   */
  final class Archive implements VolumeWriter {
    private static final Logger LOG = LoggerFactory.getLogger(Archive.class);
    private final VolumeAccess access;
    private final String volume;
    private final boolean noOverwriteDirNonDir;
    private final EntryTracker tracker;
    private final Helpers.Helper helper;
    private final Pipe.Upload upload;
    private final TarArchiveOutputStream tar;
    private final long started = System.nanoTime();
    private boolean finished;
    private boolean released;

    Archive(VolumeAccess access, String volume, boolean noOverwriteDirNonDir, EntryTracker tracker) {
      this.access = access;
      this.volume = volume;
      this.noOverwriteDirNonDir = noOverwriteDirNonDir;
      this.tracker = tracker;
      this.helper = access.helpers().create(volume, false);
      try {
        this.upload = Pipe.start("write-" + volume,
            in -> access.engine().writeArchive(helper.id(), Helpers.MOUNT, in, noOverwriteDirNonDir));
      } catch (RuntimeException | Error e) {
        helper.close();
        throw e;
      }
      this.tar = Tars.writer(upload.out());
    }

    @Override
    public TransferPath path() {
      return TransferPath.ARCHIVE_API;
    }

    @Override
    public void entry(TarArchiveEntry e, String name, InputStream content) throws IOException {
      try {
        tar.putArchiveEntry(Tars.copy(e, PREFIX, name, e.isLink() ? tracker.normalize(e.getLinkName()) : null));
        tracker.accept(e, name, content, tar);
        tar.closeArchiveEntry();
      } catch (Pipe.ConsumerGoneException gone) {
        // the engine stopped reading the upload: its own error says why (disk full, a refused entry...)
        Throwable c = upload.consumerError();
        if (c instanceof RuntimeException r) {
          throw r;
        }
        throw gone;
      }
    }

    @Override
    public TreeDigest finish(boolean verify) {
      try {
        tar.finish();
        tar.flush();
      } catch (IOException e) {
        throw uploadFailed(e);
      }
      finished = true;
      upload.finish();
      Optional<TarArchiveEntry> root = tracker.root();
      if (root.isPresent()) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = Tars.writer(b)) {
          t.putArchiveEntry(Tars.copy(root.get(), "data/", "", null));
          t.closeArchiveEntry();
          t.finish();
        } catch (IOException e) {
          throw new DataMovementException("cannot write the root entry: " + e.getMessage(), e);
        }
        access.engine().writeArchive(helper.id(), "/", new ByteArrayInputStream(b.toByteArray()), false);
      }
      release();
      long uploaded = System.nanoTime();
      TreeDigest sent = Digests.of(tracker);
      if (verify && !noOverwriteDirNonDir) {
        TreeDigest written = access.digest(volume);
        if (!written.sha256().equals(sent.sha256())) {
          throw new DataMovementException("volume \"" + volume + "\" does not hold what was written: expected " + sent
              + ", the engine has " + written);
        }
      }
      LOG.debug("wrote volume {} through the archive endpoint: upload {} ms, read-back {} ms", volume,
          (uploaded - started) / 1_000_000, (System.nanoTime() - uploaded) / 1_000_000);
      return sent;
    }

    private RuntimeException uploadFailed(IOException e) {
      Throwable c = upload.consumerError();
      if (c instanceof RuntimeException) {
        return (RuntimeException) c;
      }
      return new DataMovementException("the upload into volume \"" + volume + "\" failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
      if (!finished) {
        finished = true;
        upload.abort(new IOException("the write into volume \"" + volume + "\" was abandoned"));
      }
      release();
    }

    private void release() {
      if (!released) {
        released = true;
        helper.close();
      }
    }
  }

  /**
   * A started helper's {@code tar xf - -C /data}, fed on its input ({@link HelperStream}). busybox
   * {@code tar} sets a directory's time when it creates it, and the files made in it later change it:
   * every directory entry is sent a second time at the end, deepest first, which sets the times
   * again (busybox applies mode, owner and time to a directory that exists). Verified by reading the
   * volume back through the engine.
   */
  final class Stream implements VolumeWriter {
    private final VolumeAccess access;
    private final String volume;
    private final EntryTracker tracker;
    private final HelperStream helper;
    private final TarArchiveOutputStream tar;
    private final StreamImage.Resolved image;
    private final java.util.ArrayList<TarArchiveEntry> dirs = new java.util.ArrayList<>();
    private final StringBuilder linkTimes = new StringBuilder();

    /** The links already in the volume (a merge): nothing is sent that would be extracted through one. */
    private final java.util.Set<String> existingLinks;

    Stream(VolumeAccess access, String volume, StreamImage.Resolved image, EntryTracker tracker, boolean merge) {
      this.access = access;
      this.volume = volume;
      this.tracker = tracker;
      this.image = image;
      this.existingLinks = merge ? HelperStream.symlinks(access, image, volume, 100_000) : java.util.Set.of();
      this.helper = HelperStream.write(access, image, volume, access.portExchange());
      this.tar = Tars.writer(helper.in());
    }

    @Override
    public TransferPath path() {
      return TransferPath.HELPER_STREAM;
    }

    @Override
    public void entry(TarArchiveEntry e, String name, InputStream content) throws IOException {
      if (!existingLinks.isEmpty()) {
        refuseThroughLink(name, e.isDirectory());
      }
      TarArchiveEntry out = Tars.copy(e, PREFIX, name, e.isLink() ? tracker.normalize(e.getLinkName()) : null);
      // numeric owners only: a tar in an image with an /etc/passwd would map names to its own ids
      out.setUserName("");
      out.setGroupName("");
      try {
        tar.putArchiveEntry(out);
        tracker.accept(e, name, content, tar);
        tar.closeArchiveEntry();
      } catch (IOException ex) {
        throw writeFailed(ex);
      }
      if (out.isDirectory()) {
        dirs.add(out);
      } else if (out.isSymbolicLink()) {
        String path = HelperStream.quote(Helpers.MOUNT + "/" + name);
        linkTimes.append(String.join(" ", image.run("chown"))).append(" -h ").append(out.getLongUserId()).append(':')
            .append(out.getLongGroupId()).append(" -- ").append(path).append(" || exit 1\n");
        linkTimes.append(String.join(" ", image.run("touch"))).append(" -h -d @").append(out.getModTime().getTime() / 1000)
            .append(" -- ").append(path).append(" || exit 1\n");
      }
    }

    private void refuseThroughLink(String name, boolean directory) {
      String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      for (int i = n.indexOf('/'); ; i = n.indexOf('/', i + 1)) {
        String prefix = i < 0 ? n : n.substring(0, i);
        if ((i >= 0 || directory) && existingLinks.contains(prefix)) {
          throw new io.github.volumes4j.data.HostileArchiveException(name, "\"" + TarNames.printable(prefix) + "\" in volume \""
              + volume + "\" is a symbolic link, and the backup has a directory there: extracting \"" + TarNames.printable(name)
              + "\" would follow it out of the volume; it was not written (entries before it were). Remove the link, or "
              + "restore with RestorePolicy.REPLACE");
        }
        if (i < 0) {
          return;
        }
      }
    }

    /**
     * A failure to write: when the helper stopped reading (tar failed: disk full, a refused entry), its
     * own words, without waiting for it; a failure of the source (a truncated backup) as it is.
     */
    private IOException writeFailed(IOException ex) {
      if (!(ex instanceof HelperStream.HelperGoneException)) {
        return ex;
      }
      String err = io.github.volumes4j.internal.Secrets.maskText(helper.stderr().strip());
      DataMovementException d = new DataMovementException("writing into volume \"" + volume + "\" through a helper "
          + "container failed: " + ex.getMessage() + " (" + helper.transport() + (err.isEmpty() ? "" : "; tar said: " + err)
          + ")", ex);
      throw d;
    }

    @Override
    public TreeDigest finish(boolean verify) {
      try {
        Optional<TarArchiveEntry> root = tracker.root();
        if (root.isPresent() && (dirs.isEmpty() || !dirs.get(0).getName().equals(PREFIX))) {
          TarArchiveEntry r = Tars.copy(root.get(), PREFIX, "", null);
          r.setUserName("");
          r.setGroupName("");
          dirs.add(0, r);
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
          tar.putArchiveEntry(dirs.get(i));
          tar.closeArchiveEntry();
        }
        tar.finish();
        tar.close();              // ends the helper's input: tar sees the end of the archive, then of the file
        helper.drain();
      } catch (IOException e) {
        IOException io = writeFailed(e);
        throw new DataMovementException("writing into volume \"" + volume + "\" failed: " + io.getMessage(), io);
      }
      helper.finish("writing into volume \"" + volume + "\"");
      helper.close();
      if (linkTimes.length() > 0) {
        setLinkTimes();
      }
      TreeDigest sent = Digests.of(tracker);
      if (verify) {
        TreeDigest written = access.digest(volume);
        if (!written.sha256().equals(sent.sha256())) {
          throw new DataMovementException("volume \"" + volume + "\" does not hold what was written: expected " + sent
              + ", the helper wrote " + written);
        }
      }
      return sent;
    }

    /**
     * busybox {@code tar} leaves a symbolic link owned by root with the time it was made: a second
     * helper runs {@code chown -h} and {@code touch -h} for each link, then sets the directories' times
     * again.
     */
    private void setLinkTimes() {
      StringBuilder script = new StringBuilder(linkTimes);
      for (int i = dirs.size() - 1; i >= 0; i--) {
        TarArchiveEntry d = dirs.get(i);
        String n = d.getName().substring(PREFIX.length());
        script.append(String.join(" ", image.run("touch"))).append(" -d @").append(d.getModTime().getTime() / 1000)
            .append(" -- ").append(HelperStream.quote(n.isEmpty() ? Helpers.MOUNT : Helpers.MOUNT + "/" + n))
            .append(" || exit 1\n");
      }
      try (HelperStream sh = HelperStream.shell(access, image, volume, access.portExchange())) {
        try (OutputStream in = sh.in()) {
          in.write(script.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        sh.drain();
        sh.finish("setting the times of the symbolic links in volume \"" + volume + "\"");
      } catch (IOException e) {
        throw new DataMovementException("setting the times of the symbolic links in volume \"" + volume + "\" failed: "
            + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      helper.close();             // unfinished: the helper is killed and removed half way
    }
  }
}
