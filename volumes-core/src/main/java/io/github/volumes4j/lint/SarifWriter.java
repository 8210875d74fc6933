package io.github.volumes4j.lint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** The report's JSON and SARIF 2.1.0, on jackson-core's streaming writer. */
final class SarifWriter {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  static final String INFORMATION_URI = "https://github.com/volumes4j/volumes4j/blob/main/docs/lint.md";

  private SarifWriter() {}

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append('\n').toString();
  }

  static String json(LintReport r) {
    return write(g -> {
      g.writeStartObject();
      for (String part : List.of("findings", "suppressed")) {
        g.writeArrayFieldStart(part);
        for (LintFinding f : part.equals("findings") ? r.findings() : r.suppressed()) {
          g.writeStartObject();
          g.writeStringField("rule", f.rule().id());
          g.writeStringField("name", f.rule().slug());
          g.writeStringField("severity", f.severity().sarifLevel());
          g.writeStringField("subject", f.subject());
          g.writeStringField("value", f.value());
          g.writeStringField("message", f.message());
          g.writeStringField("fix", f.fix());
          if (f.location().isPresent()) {
            g.writeStringField("file", f.location().get().file());
            g.writeNumberField("line", f.location().get().line());
            g.writeNumberField("column", f.location().get().column());
          }
          if (f.suppression().isPresent()) {
            g.writeStringField("suppression", f.suppression().get());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    });
  }

  static String sarif(LintReport r, Path baseDir, String toolVersion) {
    Path base = baseDir.toAbsolutePath().normalize();
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      g.writeStartObject();
      g.writeObjectFieldStart("tool");
      g.writeObjectFieldStart("driver");
      g.writeStringField("name", "volumes4j-lint");
      g.writeStringField("version", toolVersion);
      g.writeStringField("semanticVersion", toolVersion.replace("-SNAPSHOT", ""));
      g.writeStringField("informationUri", INFORMATION_URI);
      g.writeArrayFieldStart("rules");
      for (LintRule rule : LintRule.values()) {
        rule(g, rule);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeObjectFieldStart("originalUriBaseIds");
      g.writeObjectFieldStart("%SRCROOT%");
      g.writeStringField("uri", base.toUri().toString());
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      List<LintFinding> all = new ArrayList<>(r.findings());
      all.addAll(r.suppressed());
      for (LintFinding f : all) {
        result(g, f, base);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void rule(JsonGenerator g, LintRule rule) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", rule.id());
    g.writeStringField("name", camel(rule.slug()));
    g.writeObjectFieldStart("shortDescription");
    g.writeStringField("text", rule.title());
    g.writeEndObject();
    g.writeObjectFieldStart("fullDescription");
    g.writeStringField("text", rule.title() + " (" + rule.slug() + ").");
    g.writeEndObject();
    g.writeObjectFieldStart("help");
    StringBuilder refs = new StringBuilder();
    rule.cis().ifPresent(c -> refs.append(" CIS Docker Benchmark ").append(c).append('.'));
    rule.kics().ifPresent(k -> refs.append(" KICS ").append(k).append('.'));
    rule.composeLint().ifPresent(c -> refs.append(" compose-lint ").append(c).append('.'));
    g.writeStringField("text", rule.fix() + refs);
    g.writeStringField("markdown", "**Fix:** " + rule.fix() + (refs.length() > 0 ? "\n\nSee also:" + refs : ""));
    g.writeEndObject();
    g.writeStringField("helpUri", INFORMATION_URI + "#" + rule.id().toLowerCase(Locale.ROOT));
    g.writeObjectFieldStart("defaultConfiguration");
    g.writeStringField("level", rule.defaultSeverity().sarifLevel());
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeArrayFieldStart("tags");
    if (rule.securitySeverity().isPresent()) {
      g.writeString("security");
    }
    g.writeString("docker");
    g.writeString("volumes");
    if (rule.cis().isPresent()) {
      g.writeString("CIS-Docker-" + rule.cis().get());
    }
    g.writeEndArray();
    if (rule.securitySeverity().isPresent()) {
      g.writeStringField("security-severity", String.format(Locale.ROOT, "%.1f", rule.securitySeverity().get()));
    }
    g.writeStringField("precision", "high");
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void result(JsonGenerator g, LintFinding f, Path base) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", f.rule().id());
    g.writeNumberField("ruleIndex", f.rule().ordinal());
    g.writeStringField("level", f.severity().sarifLevel());
    g.writeObjectFieldStart("message");
    g.writeStringField("text", "[" + f.subject() + "] " + f.message() + ". " + f.fix());
    g.writeEndObject();
    String uri = f.location().map(l -> uri(l.file(), base)).orElse(null);
    if (f.location().isPresent()) {
      g.writeArrayFieldStart("locations");
      g.writeStartObject();
      g.writeObjectFieldStart("physicalLocation");
      g.writeObjectFieldStart("artifactLocation");
      g.writeStringField("uri", uri);
      if (!uri.contains(":")) {
        g.writeStringField("uriBaseId", "%SRCROOT%");
      }
      g.writeEndObject();
      g.writeObjectFieldStart("region");
      g.writeNumberField("startLine", f.location().get().line());
      g.writeNumberField("startColumn", f.location().get().column());
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("logicalLocations");
      g.writeStartObject();
      g.writeStringField("name", f.subject());
      g.writeStringField("kind", "object");
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField("volumes4j/v1", fingerprint(f.rule().id() + "\0" + (uri == null ? "" : uri) + "\0" + f.subject()
        + "\0" + f.value()));
    g.writeEndObject();
    if (f.suppression().isPresent()) {
      g.writeArrayFieldStart("suppressions");
      g.writeStartObject();
      g.writeStringField("kind", f.suppression().get().startsWith("inline") ? "inSource" : "external");
      g.writeStringField("justification", f.suppression().get());
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** A path relative to the base, with forward slashes; a file outside it stays an absolute file URI. */
  static String uri(String file, Path base) {
    Path p = Path.of(file);
    if (!p.isAbsolute()) {
      return p.toString().replace('\\', '/');
    }
    Path n = p.normalize();
    return n.startsWith(base) ? base.relativize(n).toString().replace('\\', '/') : n.toUri().toString();
  }

  private static String fingerprint(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String camel(String slug) {
    StringBuilder b = new StringBuilder();
    for (String w : slug.split("-")) {
      b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return b.toString();
  }
}
