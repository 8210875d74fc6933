package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.InvalidComposeFileException;
import io.github.volumes4j.lint.SourceLocation;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a compose file's YAML documents into {@link YNode} trees with positions, on snakeyaml-engine's composer (YAML
 * 1.2). Merge keys ({@code <<}) are applied as go-yaml applies them (keys of the mapping win, then the merged mappings
 * in order); anchors and aliases are expanded, with a bound on the expansion; a key written twice in one mapping is
 * refused, as go-yaml refuses it.
 */
public final class YamlTree {

  /** More nodes than this after alias expansion is refused (the "billion laughs"). */
  static final int MAX_NODES = 2_000_000;

  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?"
      + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  private final Path file;
  private int visits;

  private YamlTree(Path file) {
    this.file = file;
  }


  /** The documents of a text, as if read from {@code file}. */
  public static List<YNode> read(Path file, String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setUseMarks(true)
        .setMaxAliasesForCollections(10_000).setAllowRecursiveKeys(false).setCodePointLimit(64 * 1024 * 1024).build();
    YamlTree t = new YamlTree(file);
    List<YNode> docs = new ArrayList<>();
    try {
      for (Node n : new Compose(settings).composeAllFromReader(new StringReader(text))) {
        docs.add(t.convert(n));
      }
    } catch (MarkedYamlEngineException e) {
      SourceLocation at = e.getProblemMark().or(e::getContextMark).map(t::at).orElse(new SourceLocation(file.toString(), 1, 1));
      throw new InvalidComposeFileException(at + ": not valid YAML: " + e.getProblem()
          + (e.getContext() == null ? "" : " (" + e.getContext() + ")") + "; fix the YAML at that place", Optional.of(at),
          file.toString(), e);
    } catch (YamlEngineException e) {
      throw new InvalidComposeFileException(file + ": not valid YAML: " + e.getMessage(), Optional.empty(),
          file.toString(), e);
    }
    return docs;
  }

  private SourceLocation at(Mark m) {
    return new SourceLocation(file.toString(), m.getLine() + 1, m.getColumn() + 1);
  }

  private SourceLocation at(Node n) {
    return n.getStartMark().map(this::at).orElse(new SourceLocation(file.toString(), 1, 1));
  }

  private static String localTag(Node n) {
    String t = n.getTag().getValue();
    return t.startsWith("!") && !t.startsWith("!!") ? t : "";
  }

  private YNode convert(Node n) {
    if (++visits > MAX_NODES) {
      throw new InvalidComposeFileException(at(n) + ": the file expands to more than " + MAX_NODES + " values through"
          + " anchors and aliases; compose refuses such a file too (it bounds node visits); remove the nested aliases",
          Optional.of(at(n)), "*alias", null);
    }
    if (n instanceof ScalarNode s) {
      YNode.Kind kind = s.getScalarStyle() == ScalarStyle.PLAIN ? kindOf(s.getValue()) : YNode.Kind.STRING;
      return new YNode.YScalar(s.getValue(), kind, at(n), localTag(n));
    }
    if (n instanceof SequenceNode q) {
      List<YNode> items = new ArrayList<>();
      for (Node i : q.getValue()) {
        items.add(convert(i));
      }
      return new YNode.YSeq(items, at(n), localTag(n));
    }
    MappingNode m = (MappingNode) n;
    Map<String, YNode.YEntry> own = new LinkedHashMap<>();
    List<YNode.YMap> merged = new ArrayList<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode ks)) {
        throw new InvalidComposeFileException(at(k) + ": a mapping key must be a plain value, not "
            + (k instanceof MappingNode ? "a mapping" : "a list"), Optional.of(at(k)), "?", null);
      }
      if (ks.getValue().equals("<<") && ks.getScalarStyle() == ScalarStyle.PLAIN) {
        YNode v = convert(t.getValueNode());
        if (v instanceof YNode.YMap vm) {
          merged.add(vm);
        } else if (v instanceof YNode.YSeq vs && vs.items().stream().allMatch(x -> x instanceof YNode.YMap)) {
          vs.items().forEach(x -> merged.add((YNode.YMap) x));
        } else {
          throw new InvalidComposeFileException(at(k) + ": a merge key (<<) takes a mapping or a list of mappings,"
              + " not " + YNode.describe(v), Optional.of(at(k)), "<<", null);
        }
        continue;
      }
      String key = ks.getValue();
      if (own.containsKey(key)) {
        SourceLocation first = own.get(key).keyAt();
        throw new InvalidComposeFileException(at(k) + ": mapping key \"" + key + "\" already defined at line "
            + first.line() + "; compose refuses a key written twice; keep one", Optional.of(at(k)), key, null);
      }
      own.put(key, new YNode.YEntry(key, at(k), convert(t.getValueNode())));
    }
    Map<String, YNode.YEntry> all = new LinkedHashMap<>();
    for (YNode.YMap mm : merged) {
      mm.entries().forEach(all::putIfAbsent);
    }
    Map<String, YNode.YEntry> result = new LinkedHashMap<>(own);
    all.forEach(result::putIfAbsent);
    return new YNode.YMap(result, at(n), localTag(n));
  }

  /** How go-yaml resolves a plain scalar (YAML 1.2 core, plus 0777 octals kept for compatibility). */
  static YNode.Kind kindOf(String v) {
    if (NULL.matcher(v).matches()) {
      return YNode.Kind.NULL;
    }
    if (BOOL.matcher(v).matches()) {
      return YNode.Kind.BOOL;
    }
    if (goInt(v).isPresent()) {
      return YNode.Kind.INT;
    }
    return FLOAT.matcher(v.replace("_", "")).matches() ? YNode.Kind.FLOAT : YNode.Kind.STRING;
  }

  /** Go's {@code strconv.ParseInt(s, 0, 64)} after dropping underscores, and {@code 0o}/{@code 0b}: as go-yaml. */
  public static Optional<Long> goInt(String text) {
    String s = text.replace("_", "");
    boolean neg = s.startsWith("-");
    String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    int radix = 10;
    if (body.startsWith("0x") || body.startsWith("0X")) {
      radix = 16;
      body = body.substring(2);
    } else if (body.startsWith("0o") || body.startsWith("0O")) {
      radix = 8;
      body = body.substring(2);
    } else if (body.startsWith("0b") || body.startsWith("0B")) {
      radix = 2;
      body = body.substring(2);
    } else if (body.length() > 1 && body.startsWith("0")) {
      radix = 8;
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return Optional.empty();
    }
    for (char c : body.toCharArray()) {
      if (Character.digit(c, radix) < 0) {
        return Optional.empty();
      }
    }
    BigInteger b = new BigInteger(body, radix);
    if (neg) {
      b = b.negate();
    }
    return b.bitLength() < 64 ? Optional.of(b.longValue()) : Optional.empty();
  }
}
