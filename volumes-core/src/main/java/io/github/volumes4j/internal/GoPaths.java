package io.github.volumes4j.internal;

/**
 * Path arithmetic as Go's {@code path.Clean} does it on slash-separated paths, which is how the
 * Docker daemon compares mount destinations. Not API.
 */
public final class GoPaths {

  private GoPaths() {}

  /**
   * The shortest path equivalent to {@code p}: repeated slashes collapsed, {@code .} elements
   * removed, {@code ..} elements resolved against the element before them (and dropped at the
   * root), a trailing slash removed. An empty path cleans to {@code .}.
   */
  public static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    if (isClean(p)) {
      return p;
    }
    boolean rooted = p.charAt(0) == '/';
    int n = p.length();
    StringBuilder out = new StringBuilder(n);
    int r = 0;
    int dotdot = 0;
    if (rooted) {
      out.append('/');
      r = 1;
      dotdot = 1;
    }
    while (r < n) {
      char c = p.charAt(r);
      if (c == '/') {
        r++;
      } else if (c == '.' && (r + 1 == n || p.charAt(r + 1) == '/')) {
        r++;
      } else if (c == '.' && p.charAt(r + 1) == '.' && (r + 2 == n || p.charAt(r + 2) == '/')) {
        r += 2;
        if (out.length() > dotdot) {
          int w = out.length() - 1;
          while (w > dotdot && out.charAt(w) != '/') {
            w--;
          }
          out.setLength(w);
        } else if (!rooted) {
          if (out.length() > 0) {
            out.append('/');
          }
          out.append("..");
          dotdot = out.length();
        }
      } else {
        if ((rooted && out.length() != 1) || (!rooted && out.length() != 0)) {
          out.append('/');
        }
        while (r < n && p.charAt(r) != '/') {
          out.append(p.charAt(r));
          r++;
        }
      }
    }
    if (out.length() == 0) {
      return ".";
    }
    return out.toString();
  }

  /** Whether {@code p} is its own cleaned form: no empty, {@code .} or {@code ..} element, no trailing slash (except "/"). */
  static boolean isClean(String p) {
    int n = p.length();
    if (n > 1 && p.charAt(n - 1) == '/') {
      return false;
    }
    int elementStart = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || p.charAt(i) == '/') {
        int len = i - elementStart;
        if (len == 0 && i != 0 && !(i == n && n == 1)) {
          return false;
        }
        if (len == 1 && p.charAt(elementStart) == '.') {
          return false;
        }
        if (len == 2 && p.charAt(elementStart) == '.' && p.charAt(elementStart + 1) == '.') {
          return false;
        }
        elementStart = i + 1;
      }
    }
    return true;
  }

  /** Whether a slash-separated path is relative and stays inside its root ({@code filepath.IsLocal} on Unix). */
  public static boolean isLocal(String p) {
    if (p.isEmpty() || p.charAt(0) == '/') {
      return false;
    }
    String c = clean(p);
    return !(c.equals("..") || c.startsWith("../"));
  }
}
