package dev.dzauth.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** Parsing of the {@code Authorization} header. */
final class BearerTokens {

  private static final String SCHEME = "Bearer";

  private BearerTokens() {}

  static @Nullable String fromAuthorization(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (value.length() <= SCHEME.length()
        || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        || !Character.isWhitespace(value.charAt(SCHEME.length()))) {
      return null;
    }
    String token = value.substring(SCHEME.length()).strip();
    return token.isEmpty() ? null : token;
  }
}
