package io.github.volumes4j.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text files of {@code recordings/}: one row per line, fields separated by tabs, each field with
 * {@code \\ \t \n \r \\uXXXX} escapes, lines starting with {@code #} are comments. Written by
 * {@code scripts/recordings/record.py}, whose {@code escape} this reverses.
 */
public final class RecordingFile {

  private RecordingFile() {}

  public static List<List<String>> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recording " + file
          + "; make it with scripts/recordings/record.py", e);
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> row = new ArrayList<>();
      for (String field : line.split("\t", -1)) {
        row.add(unescape(field));
      }
      rows.add(row);
    }
    return rows;
  }

  public static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        b.append(c);
        continue;
      }
      char n = text.charAt(++i);
      switch (n) {
        case 't' -> b.append('\t');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 'u' -> {
          b.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> b.append(n);
      }
    }
    return b.toString();
  }

  /** A JSON array of strings, as Python's json.dumps writes a step's command. */
  public static List<String> stringArray(String json) {
    List<String> out = new java.util.ArrayList<>();
    int i = json.indexOf('[') + 1;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == ']') {
        return out;
      }
      if (c != '"') {
        i++;
        continue;
      }
      StringBuilder b = new StringBuilder();
      for (i++; json.charAt(i) != '"'; i++) {
        char d = json.charAt(i);
        if (d == '\\') {
          char e = json.charAt(++i);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              b.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
              i += 4;
            }
            default -> b.append(e);
          }
        } else {
          b.append(d);
        }
      }
      out.add(b.toString());
      i++;
    }
    throw new IllegalArgumentException("not a JSON array of strings: " + json);
  }

  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static final Pattern HEX64 = Pattern.compile("\\b[0-9a-f]{64}\\b");

  /** Whether a name is one of Docker's generated 64-hex ids (an anonymous volume, a container). */
  public static boolean isGeneratedId(String name) {
    return HEX64.matcher(name).matches();
  }
}
