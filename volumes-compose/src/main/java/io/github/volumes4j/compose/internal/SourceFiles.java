package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.InvalidComposeFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files one load reads, each read and parsed once: a file that several services extend, or that is included
 * and also carries suppression comments, costs one read. The parsed trees are immutable, so they are shared.
 */
final class SourceFiles {

  private final Map<Path, String> texts = new HashMap<>();
  private final Map<Path, List<YNode>> documents = new HashMap<>();
  private final Map<String, List<String>> lines = new HashMap<>();

  /** The YAML documents of a file. */
  List<YNode> documents(Path file) {
    Path p = file.toAbsolutePath().normalize();
    List<YNode> docs = documents.get(p);
    if (docs == null) {
      docs = YamlTree.read(p, text(p));
      documents.put(p, docs);
    }
    return docs;
  }

  /** A file's lines, or none when it cannot be read (a comment lookup is a convenience, never an error). */
  List<String> lines(String file) {
    return lines.computeIfAbsent(file, f -> {
      try {
        return text(Path.of(f)).lines().toList();
      } catch (RuntimeException e) {
        return List.of();
      }
    });
  }

  private String text(Path file) {
    Path p = file.toAbsolutePath().normalize();
    String t = texts.get(p);
    if (t == null) {
      try {
        t = Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidComposeFileException(p + ": cannot read the compose file: " + e.getMessage()
            + "; check the path and its permissions", Optional.empty(), p.toString(), e);
      }
      texts.put(p, t);
    }
    return t;
  }
}
