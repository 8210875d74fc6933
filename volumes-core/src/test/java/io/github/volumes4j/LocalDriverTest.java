package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalDriverTest {

  @Test
  void tmpfsWritesSizeAsTheKernelReadsItAndModeInOctal() {
    LocalDriver d = LocalDriver.tmpfs(64L << 20, 01777);
    assertThat(d.driverOptions()).containsExactly(
        Map.entry("type", "tmpfs"), Map.entry("device", "tmpfs"), Map.entry("o", "size=64m,mode=1777"));
    assertThat(LocalDriver.tmpfs(1000, 0700).driverOptions()).containsEntry("o", "size=1000,mode=700");
    assertThat(d.needsNetworkFileSystem()).isFalse();
  }

  @Test
  void tmpfsRefusesANonPositiveSizeAndABadMode() {
    assertThatThrownBy(() -> LocalDriver.tmpfs(0, 0700)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tmpfs size 0 is not positive");
    assertThatThrownBy(() -> LocalDriver.tmpfs(1024, 010000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mode 010000 is not a permission mode");
  }

  @Test
  void bindNeedsAnAbsoluteDirectory() {
    assertThat(LocalDriver.bind("/srv/data").driverOptions())
        .containsExactly(Map.entry("type", "none"), Map.entry("device", "/srv/data"), Map.entry("o", "bind"));
    assertThat(LocalDriver.bind(Path.of("/srv/./data/")).device()).contains("/srv/data");
    assertThatThrownBy(() -> LocalDriver.bind("srv/data")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bind device \"srv/data\" is not an absolute path");
  }

  @Test
  void nfsPutsTheAddressFirstAndTheExportAsDevice() {
    LocalDriver d = LocalDriver.nfs("10.0.0.5", "/exports/db", "rw,nfsvers=4");
    assertThat(d.driverOptions()).containsEntry("type", "nfs").containsEntry("device", ":/exports/db")
        .containsEntry("o", "addr=10.0.0.5,rw,nfsvers=4");
    assertThat(LocalDriver.nfs("nas", "/x", "").driverOptions()).containsEntry("o", "addr=nas");
    assertThat(d.needsNetworkFileSystem()).isTrue();
    assertThatThrownBy(() -> LocalDriver.nfs("10.0.0.5", "exports", "")).hasMessageContaining("NFS export \"exports\"");
    assertThatThrownBy(() -> LocalDriver.nfs("a,b", "/x", "")).hasMessageContaining("NFS server address \"a,b\"");
    assertThatThrownBy(() -> LocalDriver.nfs("nas", "/x", "addr=other")).hasMessageContaining("repeat addr");
  }

  @Test
  void cifsKeepsThePasswordForTheDriverButMasksItEverywhereElse() {
    LocalDriver d = LocalDriver.cifs("//files.example/share", "ann", "s3cret!", "vers=3.0");
    assertThat(d.driverOptions()).containsEntry("type", "cifs").containsEntry("device", "//files.example/share")
        .containsEntry("o", "addr=files.example,username=ann,password=s3cret!,vers=3.0");
    assertThat(d.toString()).doesNotContain("s3cret").contains("password=" + LocalDriver.MASK);
    assertThat(d.mountOptions()).contains("addr=files.example,username=ann,password=" + LocalDriver.MASK + ",vers=3.0");
    assertThat(d.maskedOptions().toString()).doesNotContain("s3cret");
    VolumeSpec spec = d.volume("share");
    assertThat(spec.driverOptions()).containsEntry("o", "addr=files.example,username=ann,password=s3cret!,vers=3.0");
    assertThat(spec.toString()).doesNotContain("s3cret").contains("share");
    assertThat(d.anonymousVolume().name()).isEmpty();
  }

  @Test
  void cifsRefusesMalformedInputWithoutPrintingThePassword() {
    assertThatThrownBy(() -> LocalDriver.cifs("files/share", "ann", "pw", ""))
        .hasMessageContaining("not of the form //host/share");
    assertThatThrownBy(() -> LocalDriver.cifs("//files/share", "ann", "a,secret", ""))
        .hasMessageContaining("password contains a comma").hasMessageNotContaining("a,secret");
    assertThatThrownBy(() -> LocalDriver.cifs("//files/share", "ann", "pw", "password=other"))
        .hasMessageContaining("repeat password").hasMessageNotContaining("other");
  }

  @Test
  void ofChecksKeysAndTheirCompanionsAsTheLocalDriverDoes() {
    // the daemon's answers, checked on Docker 20.10: "invalid option", "missing required option"
    assertThatThrownBy(() -> LocalDriver.of(Map.of("foo", "x", "type", "tmpfs")))
        .isInstanceOf(InvalidVolumeSpecException.class).hasMessageStartingWith("invalid option: \"foo\"")
        .extracting(e -> ((InvalidVolumeSpecException) e).value()).isEqualTo("foo");
    assertThatThrownBy(() -> LocalDriver.of(Map.of("type", "tmpfs")))
        .hasMessageStartingWith("missing required option: \"device\"");
    assertThatThrownBy(() -> LocalDriver.of(Map.of("o", "size=1m")))
        .hasMessageStartingWith("missing required option: \"device\"");
    assertThatThrownBy(() -> LocalDriver.of(Map.of("o", "size=1m", "device", "tmpfs")))
        .hasMessageStartingWith("missing required option: \"type\"");
    assertThatThrownBy(() -> LocalDriver.of(Map.of("device", "/tmp")))
        .hasMessageStartingWith("missing required option: \"type\"");
    assertThatThrownBy(() -> LocalDriver.of(Map.of("size", "lots"))).hasMessageContaining("invalid size: \"lots\"");
    assertThat(LocalDriver.of(Map.of()).driverOptions()).isEmpty();
    assertThat(LocalDriver.of(Map.of("type", "tmpfs", "device", "tmpfs", "o", "")).type()).contains("tmpfs");
    assertThat(LocalDriver.of(Map.of("size", "1g")).driverOptions()).containsEntry("size", "1g");
  }

  @Test
  void masksSecretKeysAndSecretsInsideOptions() {
    assertThat(LocalDriver.mask(Map.of("o", "username=a,password=b,pass=c,vers=3")))
        .containsEntry("o", "username=a,password=" + LocalDriver.MASK + ",pass=" + LocalDriver.MASK + ",vers=3");
    assertThat(LocalDriver.mask(Map.of("api_token", "t"))).containsEntry("api_token", LocalDriver.MASK);
    assertThat(LocalDriver.maskText("password=x")).isEqualTo("password=" + LocalDriver.MASK);
  }

  @Test
  void volumeToStringMasksItsOptions() {
    Volume v = Volume.builder().name("share").driver("local").mountpoint("/var/lib/docker/volumes/share/_data")
        .putOption("o", "addr=h,username=u,password=topsecret").build();
    assertThat(v.toString()).doesNotContain("topsecret").contains("password=" + LocalDriver.MASK).contains("share");
  }

  @Test
  void equalOptionsAreEqual() {
    assertThat(LocalDriver.bind("/a")).isEqualTo(LocalDriver.bind("/a")).hasSameHashCodeAs(LocalDriver.bind("/a"))
        .isNotEqualTo(LocalDriver.bind("/b"));
  }
}
