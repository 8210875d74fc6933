package io.github.volumes4j.data.internal.snap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.volumes4j.data.PruneResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small files a repository writes atomically leave no temporary file behind, whether the write fails or dies. */
class RepositoryTempFilesTest {

  @TempDir
  Path dir;

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aWrittenFileLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("a.json");
    Repository.writeAtomically(target, "{\"x\":1}");
    Repository.writeAtomically(target, "{\"x\":2}");
    assertThat(Files.readString(target)).isEqualTo("{\"x\":2}");
    assertThat(names(dir)).containsExactly("a.json");
  }

  @Test
  void aRenameThatFailsRemovesItsTemporaryFile() throws Exception {
    // the name is taken by a directory that is not empty: the rename into place fails after the write and sync
    Path target = Files.createDirectories(dir.resolve("b.json"));
    Files.writeString(target.resolve("inside"), "kept");
    assertThatThrownBy(() -> Repository.writeAtomically(target, "{}")).isInstanceOf(IOException.class);
    assertThat(names(dir)).containsExactly("b.json");
    assertThat(Files.readString(target.resolve("inside"))).isEqualTo("kept");
  }

  @Test
  void pruneRemovesWhatAProcessKilledBeforeItsRenameLeft() throws Exception {
    Path repoDir = dir.resolve("repo");
    Repository repo = Repository.open(repoDir, true, Duration.ZERO);
    // what writeAtomically leaves when its process dies between the sync and the rename (pid 99999, thread 1)
    Path record = Files.writeString(repoDir.resolve("snapshots").resolve(".20261206-abc.json.tmp-99999-1"), "{\"half\":");
    Path config = Files.writeString(repoDir.resolve(".config.tmp-99999-1"), "{}");
    Path pack = Files.writeString(repoDir.resolve("tmp").resolve("x.pack.tmp"), "partial");
    Path index = Files.writeString(Files.createDirectories(repoDir.resolve("index")).resolve(".ab12.idx.tmp-99999-1"),
        "V4JIDX01");
    // files that are not the writer's temporaries stay
    Path other = Files.writeString(repoDir.resolve("snapshots").resolve(".keep"), "");
    List<String> rootBefore = names(repoDir);
    long leftBytes = Files.size(record) + Files.size(config) + Files.size(pack) + Files.size(index);

    assertThat(repo.records(new java.util.ArrayList<>())).isEmpty();
    PruneResult pruned = Maintenance.prune(repo);

    assertThat(pruned.temporaryFilesRemoved()).isEqualTo(4);
    assertThat(pruned.bytesFreed()).isEqualTo(leftBytes);
    assertThat(record).doesNotExist();
    assertThat(config).doesNotExist();
    assertThat(pack).doesNotExist();
    assertThat(index).doesNotExist();
    assertThat(other).exists();
    assertThat(names(repoDir)).containsExactlyElementsOf(rootBefore.stream().filter(n -> !n.contains(".tmp-")).toList());
    assertThat(Maintenance.check(repo).problems()).isEmpty();
  }
}
