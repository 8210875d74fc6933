package io.github.volumes4j.compose.internal;

import io.github.volumes4j.compose.InvalidComposeFileException;
import io.github.volumes4j.compose.internal.YNode.YEntry;
import io.github.volumes4j.compose.internal.YNode.YMap;
import io.github.volumes4j.compose.internal.YNode.YScalar;
import io.github.volumes4j.compose.internal.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * compose-go's {@code override.Merge} and {@code EnforceUnicity} over positioned trees, for the parts volumes4j reads:
 * mappings merge key by key, lists are appended, scalars are replaced; labels and {@code tmpfs} are merged as lists of
 * {@code key=value}; a service's volumes are then made unique by target and its tmpfs by the text before {@code =}, the
 * later entry taking the earlier one's place. {@code !reset} drops the value it is on, {@code !override} replaces
 * instead of merging.
 */
public final class Merge {

  private static final List<Pattern> TO_SEQUENCE = List.of(pattern("services.*.labels"), pattern("volumes.*.labels"),
      pattern("services.*.tmpfs"));

  private Merge() {}

  private static Pattern pattern(String p) {
    return Pattern.compile(p.replace(".", "\\.").replace("*", "[^.]*"));
  }

  /** Merges {@code over} into {@code base} (null for the first document). */
  public static YMap merge(YMap base, YMap over) {
    return base == null ? (YMap) strip(over) : (YMap) merge(base, over, "");
  }

  /** Removes {@code !reset} entries from a first document. */
  private static YNode strip(YNode n) {
    if (n instanceof YMap m) {
      Map<String, YEntry> e = new LinkedHashMap<>();
      m.entries().forEach((k, v) -> {
        if (!v.value().tag().equals("!reset")) {
          e.put(k, new YEntry(k, v.keyAt(), strip(v.value())));
        }
      });
      return new YMap(e, m.at(), m.tag());
    }
    if (n instanceof YSeq s) {
      return new YSeq(s.items().stream().map(Merge::strip).toList(), s.at(), s.tag());
    }
    return n;
  }

  static YNode merge(YNode base, YNode over, String path) {
    for (Pattern p : TO_SEQUENCE) {
      if (p.matcher(path).matches()) {
        List<YNode> items = new ArrayList<>(toSequence(base));
        items.addAll(toSequence(over));
        return new YSeq(items, over.at(), "");
      }
    }
    if (over instanceof YScalar s && s.isNull()) {
      return base;
    }
    if (base instanceof YMap bm) {
      if (!(over instanceof YMap om)) {
        throw new InvalidComposeFileException(over.at() + ": cannot override " + display(path) + " (a mapping) with "
            + YNode.describe(over), Optional.of(over.at()), display(path), null);
      }
      Map<String, YEntry> out = new LinkedHashMap<>(bm.entries());
      for (YEntry e : om.entries().values()) {
        String next = path.isEmpty() ? e.key() : path + "." + e.key();
        YEntry have = out.get(e.key());
        String tag = e.value().tag();
        if (tag.equals("!reset")) {
          out.remove(e.key());
        } else if (have == null || tag.equals("!override")) {
          out.put(e.key(), new YEntry(e.key(), e.keyAt(), strip(e.value())));
        } else {
          out.put(e.key(), new YEntry(e.key(), e.keyAt(), merge(have.value(), e.value(), next)));
        }
      }
      return new YMap(out, bm.at(), bm.tag());
    }
    if (base instanceof YSeq bs) {
      if (!(over instanceof YSeq os)) {
        throw new InvalidComposeFileException(over.at() + ": cannot override " + display(path) + " (a list) with "
            + YNode.describe(over), Optional.of(over.at()), display(path), null);
      }
      List<YNode> items = new ArrayList<>(bs.items());
      items.addAll(os.items());
      return new YSeq(items, bs.at(), bs.tag());
    }
    return strip(over);
  }

  /** compose-go's convertIntoSequence: a mapping becomes sorted {@code key=value} texts, a text a one-item list. */
  static List<YNode> toSequence(YNode n) {
    if (n instanceof YSeq s) {
      return s.items();
    }
    if (n instanceof YMap m) {
      List<YNode> out = new ArrayList<>();
      for (YEntry e : m.entries().values()) {
        YNode v = e.value();
        if (v instanceof YScalar sv && sv.isNull()) {
          out.add(new YScalar(e.key(), YNode.Kind.STRING, e.keyAt(), ""));
        } else if (v instanceof YSeq vs) {
          for (YNode i : vs.items()) {
            out.add(new YScalar(e.key() + "=" + text(i), YNode.Kind.STRING, i.at(), ""));
          }
        } else {
          out.add(new YScalar(e.key() + "=" + text(v), YNode.Kind.STRING, e.keyAt(), ""));
        }
      }
      out.sort((a, b) -> ((YScalar) a).text().compareTo(((YScalar) b).text()));
      return out;
    }
    if (n instanceof YScalar s && !s.isNull()) {
      return List.of(s);
    }
    return List.of();
  }

  private static String text(YNode n) {
    return n instanceof YScalar s ? s.text() : n.toString();
  }

  /**
   * compose-go's EnforceUnicity for a service's {@code volumes} (by target) and {@code tmpfs} (by the text before
   * {@code =}): a later entry takes the place of the earlier one. {@code replaced} hears of each entry dropped.
   */
  /** Hears of an entry a later one replaced. */
  public interface Replaced {
    void accept(String service, YNode dropped, YNode kept);
  }

  public static YMap unique(YMap root, Replaced replaced) {
    YNode services = root.get("services");
    if (!(services instanceof YMap sm)) {
      return root;
    }
    Map<String, YEntry> out = new LinkedHashMap<>();
    for (YEntry e : sm.entries().values()) {
      YNode svc = e.value();
      if (svc instanceof YMap s) {
        Map<String, YEntry> fields = new LinkedHashMap<>(s.entries());
        if (s.get("volumes") instanceof YSeq v) {
          fields.put("volumes", new YEntry("volumes", s.entries().get("volumes").keyAt(), unique(v, Merge::volumeKey, (a, b) -> replaced.accept(e.key(), a, b))));
        }
        if (s.get("tmpfs") instanceof YSeq t) {
          fields.put("tmpfs", new YEntry("tmpfs", s.entries().get("tmpfs").keyAt(), unique(t, Merge::tmpfsKey, (a, b) -> replaced.accept(e.key(), a, b))));
        }
        svc = new YMap(fields, s.at(), s.tag());
      }
      out.put(e.key(), new YEntry(e.key(), e.keyAt(), svc));
    }
    Map<String, YEntry> top = new LinkedHashMap<>(root.entries());
    top.put("services", new YEntry("services", root.entries().get("services").keyAt(), new YMap(out, sm.at(), sm.tag())));
    return new YMap(top, root.at(), root.tag());
  }

  private static YSeq unique(YSeq seq, java.util.function.Function<YNode, String> key,
      java.util.function.BiConsumer<YNode, YNode> replaced) {
    List<YNode> items = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (YNode n : seq.items()) {
      String k = key.apply(n);
      if (k != null && seen.containsKey(k)) {
        replaced.accept(items.get(seen.get(k)), n);
        items.set(seen.get(k), n);
      } else {
        if (k != null) {
          seen.put(k, items.size());
        }
        items.add(n);
      }
    }
    return new YSeq(items, seq.at(), seq.tag());
  }

  static String volumeKey(YNode n) {
    if (n instanceof YMap m) {
      YNode t = m.get("target");
      if (!(t instanceof YScalar ts) || ts.isNull()) {
        throw new InvalidComposeFileException(m.at() + ": service volume is missing a mount target; add target:",
            Optional.of(m.at()), "volumes", null);
      }
      return ts.text();
    }
    if (n instanceof YScalar s && !s.isNull()) {
      try {
        return ShortSyntax.parse(s.text()).target();
      } catch (ShortSyntax.Invalid e) {
        throw new InvalidComposeFileException(s.at() + ": " + e.getMessage(), Optional.of(s.at()), s.text(), e);
      }
    }
    return "";
  }

  static String tmpfsKey(YNode n) {
    if (n instanceof YScalar s) {
      int eq = s.text().indexOf('=');
      return eq < 0 ? s.text() : s.text().substring(0, eq);
    }
    throw new InvalidComposeFileException(n.at() + ": a tmpfs entry must be a string, not " + YNode.describe(n),
        Optional.of(n.at()), "tmpfs", null);
  }

  static String display(String path) {
    return path.isEmpty() ? "the file" : path;
  }
}
