package io.github.volumes4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The first record of a text as Go's {@code encoding/csv} reader reads it with its defaults (comma
 * separator, no lazy quotes, no comments, no trimming): this is how the docker CLI splits
 * {@code --mount}. Empty lines before the record are skipped and anything after it is ignored.
 * Not API.
 */
public final class GoCsv {

  private GoCsv() {}

  /** One field and the 0-based offset where it starts (its opening quote, if quoted). */
  public record Field(String text, int offset) {}

  /** A text Go's reader refuses; {@code message} is Go's, {@code offset} 0-based in the input. */
  public static final class CsvError extends Exception {
    private static final long serialVersionUID = 1L;
    public final int offset;

    CsvError(String message, int offset) {
      super(message, null, false, false);
      this.offset = offset;
    }
  }

  private static final String BARE_QUOTE = "bare \" in non-quoted-field";
  private static final String QUOTE = "extraneous or missing \" in quoted-field";

  /** Reads the first record; {@code EOF} when there is none. */
  public static List<Field> firstRecord(String s) throws CsvError {
    int n = s.length();
    int pos = 0;
    int lineNo = 0;
    // skip empty lines
    while (true) {
      if (pos >= n) {
        throw new CsvError("EOF", n);
      }
      lineNo++;
      int nl = s.indexOf('\n', pos);
      int contentEnd = contentEnd(s, pos, nl);
      if (contentEnd == pos) {
        if (nl < 0) {
          throw new CsvError("EOF", n);
        }
        pos = nl + 1;
        continue;
      }
      break;
    }
    int recordLine = lineNo;
    List<Field> fields = new ArrayList<>();
    int lineStart = pos;
    int nl = s.indexOf('\n', pos);
    int end = contentEnd(s, pos, nl);
    int i = pos;
    while (true) {
      if (i >= end || s.charAt(i) != '"') {
        // non-quoted field
        int comma = indexOf(s, ',', i, end);
        int fieldEnd = comma < 0 ? end : comma;
        int quote = indexOf(s, '"', i, fieldEnd);
        if (quote >= 0) {
          throw new CsvError(error(recordLine, lineNo, quote - lineStart + 1, BARE_QUOTE), quote);
        }
        fields.add(new Field(s.substring(i, fieldEnd), i));
        if (comma < 0) {
          return fields;
        }
        i = comma + 1;
        continue;
      }
      // quoted field
      int fieldStart = i;
      StringBuilder buf = new StringBuilder();
      i++;
      while (true) {
        int q = indexOf(s, '"', i, end);
        if (q >= 0) {
          buf.append(s, i, q);
          i = q + 1;
          if (i < end && s.charAt(i) == '"') {
            buf.append('"');
            i++;
          } else if (i < end && s.charAt(i) == ',') {
            fields.add(new Field(buf.toString(), fieldStart));
            i++;
            break;
          } else if (i >= end) {
            fields.add(new Field(buf.toString(), fieldStart));
            return fields;
          } else {
            throw new CsvError(error(recordLine, lineNo, i - lineStart + 1, QUOTE), i);
          }
        } else if (i < end || nl >= 0) {
          // the rest of this line, with its newline, belongs to the field
          buf.append(s, i, end);
          if (nl >= 0) {
            buf.append('\n');
          }
          if (nl < 0) {
            throw new CsvError(error(recordLine, lineNo, end - lineStart + 1, QUOTE), end);
          }
          pos = nl + 1;
          if (pos >= n) {
            throw new CsvError(error(recordLine, lineNo, end - lineStart + 1, QUOTE), n);
          }
          lineNo++;
          lineStart = pos;
          nl = s.indexOf('\n', pos);
          end = contentEnd(s, pos, nl);
          i = pos;
        } else {
          throw new CsvError(error(recordLine, lineNo, i - lineStart + 1, QUOTE), i);
        }
      }
    }
  }

  /** End of a line's content: before {@code \n} (or {@code \r\n}), or before a final {@code \r} at the end of input. */
  private static int contentEnd(String s, int start, int nl) {
    int e = nl < 0 ? s.length() : nl;
    if (e > start && s.charAt(e - 1) == '\r') {
      e--;
    }
    return e;
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == c) {
        return k;
      }
    }
    return -1;
  }

  private static String error(int startLine, int line, int column, String what) {
    if (startLine != line) {
      return "record on line " + startLine + "; parse error on line " + line + ", column " + column + ": " + what;
    }
    return "parse error on line " + line + ", column " + column + ": " + what;
  }

  /** Appends a field as Go's csv writer would write it (quoted when it must be). */
  public static void appendField(StringBuilder out, String field) {
    boolean quote = false;
    if (!field.isEmpty()) {
      char first = field.charAt(0);
      quote = first == ' ' || first == '\t' || field.equals("\\.");
      for (int k = 0; k < field.length() && !quote; k++) {
        char c = field.charAt(k);
        quote = c == ',' || c == '"' || c == '\n' || c == '\r';
      }
    }
    if (!quote) {
      out.append(field);
      return;
    }
    out.append('"');
    for (int k = 0; k < field.length(); k++) {
      char c = field.charAt(k);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}
