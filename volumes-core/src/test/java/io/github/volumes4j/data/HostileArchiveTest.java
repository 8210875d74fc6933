package io.github.volumes4j.data;

import static io.github.volumes4j.data.TarFixture.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.internal.EntryTracker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import io.github.volumes4j.data.internal.TarReader;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class HostileArchiveTest {

  private static long scan(byte[] bytes, ArchiveLimits limits) throws IOException {
    EntryTracker t = new EntryTracker(limits);
    TarReader in = new TarReader(new ByteArrayInputStream(bytes));
    TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) {
      t.accept(e, t.check(e), in, null);
    }
    return t.entries();
  }

  private static long scan(byte[] bytes) throws IOException {
    return scan(bytes, ArchiveLimits.defaults());
  }

  @Test
  void acceptsAnOrdinaryTree() throws IOException {
    assertThat(scan(tar().dir("./", 0755).file("./a", "A").dir("./d", 0755).symlink("./d/up", "../a")
        .hardlink("./h", "./a").symlink("./self", ".").bytes())).isEqualTo(6);
  }

  @Test
  void refusesDotDotAndAbsoluteNames() {
    assertThatThrownBy(() -> scan(tar().file("../evil", "x").bytes())).isInstanceOf(HostileArchiveException.class)
        .hasMessageContaining("\"../evil\"").hasMessageContaining("outside the volume");
    assertThatThrownBy(() -> scan(tar().file("a/../../evil", "x").bytes())).isInstanceOf(HostileArchiveException.class);
    assertThatThrownBy(() -> scan(tar().file("/etc/cron.d/evil", "x").bytes()))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("absolute name");
  }

  @Test
  void refusesSymlinksLeadingOut() {
    assertThatThrownBy(() -> scan(tar().symlink("d/l", "../../etc").bytes()))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("points outside the volume");
    assertThatThrownBy(() -> scan(tar().symlink("l", "/etc/shadow").bytes()))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("allowAbsoluteSymlinks");
  }

  @Test
  void absoluteSymlinksCanBeAllowed() throws IOException {
    assertThat(scan(tar().symlink("l", "/etc/hosts").bytes(), ArchiveLimits.defaults().withAllowAbsoluteSymlinks(true)))
        .isEqualTo(1);
  }

  @Test
  void refusesWritingThroughASymlinkOfTheSameArchive() {
    assertThatThrownBy(() -> scan(tar().symlink("l", ".").file("l/x", "x").bytes()))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("goes through the symbolic link");
  }

  @Test
  void refusesHardLinksOutsideOrToNothing() {
    assertThatThrownBy(() -> scan(tar().hardlink("h", "../../etc/passwd").bytes()))
        .isInstanceOf(HostileArchiveException.class);
    assertThatThrownBy(() -> scan(tar().hardlink("h", "/etc/passwd").bytes()))
        .isInstanceOf(HostileArchiveException.class);
    assertThatThrownBy(() -> scan(tar().hardlink("h", "missing").bytes()))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("not a regular file earlier");
  }

  @Test
  void refusesDevicesAndFifosUnlessAllowed() throws IOException {
    assertThatThrownBy(() -> scan(tar().special("null", TarConstants.LF_CHR).bytes()))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("device node");
    assertThatThrownBy(() -> scan(tar().special("sda", TarConstants.LF_BLK).bytes()))
        .isInstanceOf(HostileArchiveException.class);
    assertThatThrownBy(() -> scan(tar().special("pipe", TarConstants.LF_FIFO).bytes()))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("fifo");
    assertThat(scan(tar().special("null", TarConstants.LF_CHR).special("pipe", TarConstants.LF_FIFO).bytes(),
        ArchiveLimits.defaults().withAllowDevices(true).withAllowFifos(true))).isEqualTo(2);
  }

  @Test
  void refusesAbsurdSizesBeforeReadingThem() {
    byte[] claims = tar().claimedSize("huge", 1L << 40).unfinished();
    assertThatThrownBy(() -> scan(claims)).isInstanceOf(HostileArchiveException.class)
        .hasMessageContaining("claims 1099511627776 bytes");
    assertThatThrownBy(() -> scan(tar().file("a", "12345").bytes(), ArchiveLimits.defaults().withMaxTotalBytes(4)))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("exceeds 4 bytes");
    assertThatThrownBy(() -> scan(tar().file("a", "1").file("b", "2").bytes(), ArchiveLimits.defaults().withMaxEntries(1)))
        .isInstanceOf(HostileArchiveException.class).hasMessageContaining("more than 1 entries");
  }
}
