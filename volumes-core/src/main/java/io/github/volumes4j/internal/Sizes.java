package io.github.volumes4j.internal;

/** Size texts: the docker CLI's {@code tmpfs-size} (go-units RAMInBytes) and the kernel's tmpfs {@code size=}. Not API. */
public final class Sizes {

  private Sizes() {}

  /**
   * go-units {@code RAMInBytes}: a decimal number (fraction and exponent allowed, as Go's
   * ParseFloat reads it), an optional space, then an optional binary unit {@code k m g t p} with an
   * optional {@code b} or {@code ib}, any case; {@code b} alone means bytes. Returns -1 if invalid
   * or too large.
   */
  public static long ramInBytes(String s) {
    int sep = -1;
    for (int k = s.length() - 1; k >= 0; k--) {
      char c = s.charAt(k);
      if ((c >= '0' && c <= '9') || c == '.' || c == ' ') {
        sep = k;
        break;
      }
    }
    if (sep < 0) {
      return -1;
    }
    String num = s.charAt(sep) == ' ' ? s.substring(0, sep) : s.substring(0, sep + 1);
    String sfx = s.substring(sep + 1);
    double size = plainDigits(num, 15) ? (double) Long.parseLong(num) : parseGoDecimal(num);
    if (Double.isNaN(size) || size < 0) {
      return -1;
    }
    if (!sfx.isEmpty()) {
      if (sfx.length() > 3) {
        return -1;
      }
      String l = sfx.toLowerCase(java.util.Locale.ROOT);
      char u = l.charAt(0);
      if (u == 'b') {
        if (l.length() > 1) {
          return -1;
        }
      } else {
        int shift = switch (u) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          case 't' -> 40;
          case 'p' -> 50;
          default -> -1;
        };
        if (shift < 0) {
          return -1;
        }
        if ((l.length() == 2 && l.charAt(1) != 'b') || (l.length() == 3 && !l.substring(1).equals("ib"))) {
          return -1;
        }
        size *= (double) (1L << shift);
      }
    }
    if (size >= 9.223372036854775807E18) {
      return -1;
    }
    return (long) size;
  }

  /** Whether {@code t} is 1 to {@code max} ASCII digits (exact as a double when max <= 15). */
  private static boolean plainDigits(String t, int max) {
    int n = t.length();
    if (n == 0 || n > max) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Go ParseFloat for plain decimal texts: {@code [+-]digits[.digits][e[+-]digits]}; NaN if not one. */
  static double parseGoDecimal(String t) {
    int i = 0;
    int n = t.length();
    if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && Character.isDigit(t.charAt(i)) && t.charAt(i) < 128) {
      i++;
      digits++;
    }
    if (i < n && t.charAt(i) == '.') {
      i++;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
        exp++;
      }
      if (exp == 0) {
        return Double.NaN;
      }
    }
    if (i != n) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * The kernel's tmpfs {@code size=} as a byte count: a number ({@code 0x} hex, leading-{@code 0}
   * octal, else decimal) with an optional {@code k m g t p e} suffix, any case. Returns -1 if it is
   * not one (a percentage is handled by the caller).
   */
  public static long kernelSize(String s) {
    int n = s.length();
    int i = 0;
    int radix = 10;
    if (n >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
      radix = 16;
      i = 2;
    } else if (n >= 2 && s.charAt(0) == '0' && Character.digit(s.charAt(1), 8) >= 0) {
      radix = 8;
      i = 1;
    }
    int start = i;
    long v = 0;
    while (i < n && s.charAt(i) < 128 && Character.digit(s.charAt(i), radix) >= 0) {
      int d = Character.digit(s.charAt(i), radix);
      if (v > (Long.MAX_VALUE - d) / radix) {
        return -1;
      }
      v = v * radix + d;
      i++;
    }
    if (i == start) {
      return -1;
    }
    int shift = 0;
    if (i < n) {
      shift = switch (Character.toLowerCase(s.charAt(i))) {
        case 'k' -> 10;
        case 'm' -> 20;
        case 'g' -> 30;
        case 't' -> 40;
        case 'p' -> 50;
        case 'e' -> 60;
        default -> -1;
      };
      if (shift < 0 || i + 1 != n) {
        return -1;
      }
    }
    if (shift > 0 && v > (Long.MAX_VALUE >> shift)) {
      return -1;
    }
    return v << shift;
  }

  /** Bytes written as the daemon writes them for the kernel: the largest of g, m, k that divides exactly. */
  public static String kernelSizeText(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "g";
    }
    if (bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "m";
    }
    if (bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "k";
    }
    return Long.toString(bytes);
  }
}
