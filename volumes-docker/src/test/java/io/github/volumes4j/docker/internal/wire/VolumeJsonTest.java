package io.github.volumes4j.docker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.EngineException;
import io.github.volumes4j.Volume;
import io.github.volumes4j.VolumeUsage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The direct volume reader gives what the generic map route gives, for every shape Docker sends. */
class VolumeJsonTest {

  /** The map route, as DockerEngine read volumes before VolumeJson: the oracle. */
  private static Volume viaMaps(Map<String, Object> v) {
    Volume.Builder b = Volume.builder()
        .name(Json.str(v, "Name", ""))
        .driver(Json.str(v, "Driver", ""))
        .mountpoint(Json.str(v, "Mountpoint", ""))
        .labels(Json.map(v, "Labels"))
        .options(Json.map(v, "Options"))
        .status(Json.map(v, "Status"))
        .labelsReported(Json.present(v, "Labels"))
        .optionsReported(Json.present(v, "Options"));
    Json.str(v, "Scope").filter(s -> !s.isEmpty()).ifPresent(b::scope);
    Object created = v.get("CreatedAt");
    if (created != null) {
      Times.parse(created.toString()).ifPresent(b::createdAt);
    }
    if (Json.present(v, "UsageData")) {
      Map<String, Object> u = Json.obj(v, "UsageData");
      b.usage(VolumeUsage.of(Json.num(u, "Size", -1), Json.num(u, "RefCount", -1)));
    }
    return b.build();
  }

  static final List<String> SHAPES = List.of(
      // Docker 20.10: Labels and Options null unless given
      "{\"CreatedAt\":\"2026-11-28T14:43:12Z\",\"Driver\":\"local\",\"Labels\":null,\"Mountpoint\":\"/var/lib/docker/volumes/a/_data\","
          + "\"Name\":\"a\",\"Options\":null,\"Scope\":\"local\"}",
      "{\"CreatedAt\":\"2026-11-28T14:43:12.123456789+01:00\",\"Driver\":\"local\",\"Labels\":{\"app\":\"db\",\"empty\":\"\"},"
          + "\"Mountpoint\":\"/m\",\"Name\":\"b\",\"Options\":{\"type\":\"tmpfs\",\"o\":\"size=1m\"},\"Scope\":\"local\"}",
      "{\"Name\":\"c\",\"Driver\":\"local\",\"Labels\":{},\"Options\":{},\"Mountpoint\":\"\",\"Scope\":\"\"}",
      "{\"Name\":\"d\",\"Status\":{\"hello\":\"world\",\"n\":3,\"f\":1.5,\"b\":true,\"nil\":null,\"nested\":{\"x\":[1,\"y\"]}},"
          + "\"UsageData\":{\"Size\":4096,\"RefCount\":2}}",
      "{\"Name\":\"e\",\"UsageData\":{\"Size\":-1,\"RefCount\":-1},\"ClusterVolume\":{\"ID\":\"x\",\"Spec\":{\"Group\":\"g\"}},"
          + "\"Unknown\":[1,2,{\"a\":null}]}",
      "{\"Name\":\"f\",\"UsageData\":null,\"CreatedAt\":null,\"Scope\":null,\"Driver\":null}",
      "{\"Name\":\"g\",\"Labels\":\"not an object\",\"Options\":[],\"CreatedAt\":\"not a time\"}",
      "{}");

  @Test
  void oneVolumeReadsAsTheMapRouteReadsIt() {
    for (String json : SHAPES) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      assertThat(VolumeJson.readOne(body, "test")).as(json).isEqualTo(viaMaps(Json.parseObject(body, "test")));
    }
  }

  @Test
  void aListReadsAsTheMapRouteReadsIt() throws IOException {
    String list = "{\"Volumes\":[" + String.join(",", SHAPES) + "],\"Warnings\":null}";
    List<Volume> expected = new ArrayList<>();
    for (String json : SHAPES) {
      expected.add(viaMaps(Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "test")));
    }
    assertThat(VolumeJson.readList(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)), "test"))
        .containsExactlyElementsOf(expected);
    assertThat(VolumeJson.readList(new ByteArrayInputStream("{\"Volumes\":null,\"Warnings\":[\"w\"]}"
        .getBytes(StandardCharsets.UTF_8)), "test")).isEmpty();
  }

  @Test
  void whatIsNotAVolumeListIsAnEngineError() {
    assertThatThrownBy(() -> VolumeJson.readList(new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8)), "GET /volumes"))
        .isInstanceOf(EngineException.class).hasMessageContaining("GET /volumes");
    assertThatThrownBy(() -> VolumeJson.readList(new ByteArrayInputStream("{\"Volumes\":[1]}".getBytes(StandardCharsets.UTF_8)), "GET /volumes"))
        .isInstanceOf(EngineException.class).hasMessageContaining("not an object");
    assertThatThrownBy(() -> VolumeJson.readList(new ByteArrayInputStream("{\"Volumes\":[{\"Name\":".getBytes(StandardCharsets.UTF_8)), "GET /volumes"))
        .isInstanceOf(EngineException.class).hasMessageContaining("cannot be read");
    assertThatThrownBy(() -> VolumeJson.readOne("nope".getBytes(StandardCharsets.UTF_8), "GET /volumes/x"))
        .isInstanceOf(EngineException.class).hasMessageContaining("GET /volumes/x");
  }
}
