package dev.dzauth.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Parsing of the {@code Authorization} header. */
final class BearerTokens {

  private static final String SCHEME = "Bearer";

  private BearerTokens() {}

  static @Nullable String fromAuthorization(HttpServletRequest request) {
    List<String> headers = Collections.list(request.getHeaders("Authorization"));
    if (headers.isEmpty()) {
      return null;
    }
    if (headers.size() > 1) {
      // Ambiguous credentials: handed to the verifier as one malformed token (401 invalid_token),
      // as the servlet filter answers them.
      return String.join(",", headers);
    }
    String header = headers.get(0);
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
