package io.github.volumes4j.testkit.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Docker's name rules and id generation. */
public final class Names {

  private Names() {}

  /** Docker's {@code RestrictedNameChars}. */
  public static final String RESTRICTED_NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
  private static final Pattern RESTRICTED_NAME = Pattern.compile("^" + RESTRICTED_NAME_CHARS + "+$");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  public static boolean validName(String name) {
    return RESTRICTED_NAME.matcher(name).matches();
  }

  /** 64 hex digits, as Docker's {@code stringid.GenerateRandomID} (never all digits). */
  public static String randomId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] c = new char[64];
    while (true) {
      for (int i = 0; i < 64; i += 16) {
        long bits = r.nextLong();
        for (int j = 0; j < 16; j++) {
          c[i + j] = HEX[(int) (bits >>> (j * 4)) & 0xf];
        }
      }
      for (char ch : c) {
        if (ch >= 'a') {
          return new String(c);
        }
      }
    }
  }
}
