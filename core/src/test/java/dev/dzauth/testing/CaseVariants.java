package dev.dzauth.testing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A valid token with its letter case changed: none of these is the token, so each must be refused
 * (a container whose header cache matches values case-insensitively hands the real one over).
 */
public final class CaseVariants {

  private CaseVariants() {}

  /** Name of the variant → the variant of {@code token}. */
  public static Map<String, String> of(String token) {
    Map<String, String> variants = new LinkedHashMap<>();
    variants.put("upper-cased", token.toUpperCase(Locale.ROOT));
    variants.put("lower-cased", token.toLowerCase(Locale.ROOT));
    variants.put("case swapped", swapCase(token));
    variants.put("prefix DZ_", "DZ_" + token.substring(3));
    return variants;
  }

  private static String swapCase(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return b.toString();
  }
}
