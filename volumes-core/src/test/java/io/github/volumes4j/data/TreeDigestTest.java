package io.github.volumes4j.data;

import static io.github.volumes4j.data.TarFixture.tar;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class TreeDigestTest {

  private static TreeDigest digest(byte[] tar) {
    return TreeDigest.of(new ByteArrayInputStream(tar));
  }

  @Test
  void doesNotDependOnEntryOrderOrPrefix() {
    TreeDigest a = digest(tar().dir("./", 0755).file("./a.txt", "A").dir("./sub", 0700).file("./sub/b", "B").bytes());
    TreeDigest b = digest(tar().dir("./", 0755).dir("sub", 0700).file("sub/b", "B").file("a.txt", "A").bytes());
    assertThat(a).isEqualTo(b);
    assertThat(a.files()).isEqualTo(2);
    assertThat(a.directories()).isEqualTo(2);
    assertThat(a.bytes()).isEqualTo(2);
  }

  @Test
  void hardLinkGroupsDoNotDependOnWhichNameCameFirst() {
    TreeDigest a = digest(tar().file("a", "same").hardlink("h", "a").bytes());
    TreeDigest b = digest(tar().file("h", "same").hardlink("a", "h").bytes());
    TreeDigest copies = digest(tar().file("a", "same").file("h", "same").bytes());
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(copies);
    assertThat(a.bytes()).isEqualTo(4);
  }

  @Test
  void seesContentModeOwnerMtimeAndLinkTargets() {
    TreeDigest base = digest(tar().file("a", "x", 0644, 0, 0).symlink("l", "a").bytes());
    assertThat(digest(tar().file("a", "y", 0644, 0, 0).symlink("l", "a").bytes())).isNotEqualTo(base);
    assertThat(digest(tar().file("a", "x", 0600, 0, 0).symlink("l", "a").bytes())).isNotEqualTo(base);
    assertThat(digest(tar().file("a", "x", 0644, 1000, 0).symlink("l", "a").bytes())).isNotEqualTo(base);
    assertThat(digest(tar().file("a", "x", 0644, 0, 0).symlink("l", "b").bytes())).isNotEqualTo(base);
    assertThat(digest(tar().mtime(1_700_000_001_000L).file("a", "x", 0644, 0, 0).symlink("l", "a").bytes()))
        .isNotEqualTo(base);
  }

  @Test
  void ignoresSubSecondMtimesWhichTheArchiveEndpointsDrop() {
    TreeDigest whole = digest(tar().mtime(1_700_000_000_000L).file("a", "x").bytes());
    TreeDigest fraction = digest(tar().mtime(1_700_000_000_999L).file("a", "x").bytes());
    assertThat(fraction).isEqualTo(whole);
  }

  @Test
  void ignoresTheRootsMtimeWhichARestoreThroughTheArchiveEndpointCannotSet() {
    // seen on Docker 20.10: after a restore the volume root has the time of the write, everything else its own
    TreeDigest early = digest(tar().mtime(1_700_000_000_000L).dir("./", 0755).mtime(1_700_000_000_000L)
        .dir("sub", 0755).bytes());
    TreeDigest rootLater = digest(tar().mtime(1_700_000_900_000L).dir("./", 0755).mtime(1_700_000_000_000L)
        .dir("sub", 0755).bytes());
    TreeDigest subLater = digest(tar().mtime(1_700_000_000_000L).dir("./", 0755).mtime(1_700_000_900_000L)
        .dir("sub", 0755).bytes());
    assertThat(rootLater).isEqualTo(early);
    assertThat(subLater).isNotEqualTo(early);
    assertThat(digest(tar().dir("./", 0700).dir("sub", 0755).bytes()))
        .isNotEqualTo(digest(tar().dir("./", 0755).dir("sub", 0755).bytes()));
  }

  @Test
  void emptyDirectoriesCount() {
    assertThat(digest(tar().dir("empty", 0755).bytes())).isNotEqualTo(digest(tar().bytes()));
  }
}
