package dev.dzauth.spring.security;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that is not authenticated, exactly as API.md §3 says:
 *
 * <ul>
 *   <li>no token: 401, {@code WWW-Authenticate: Bearer realm="…"}, {@code {"detail":"Not authenticated"}};
 *   <li>a refused token: 401, {@code WWW-Authenticate: Bearer realm="…", error="invalid_token",
 *       error_description="…"} (RFC 6750 §3.1), {@code {"detail":<the reason's fixed text>}};
 *   <li>a token that cannot be checked now (store unavailable): 503 with {@code Retry-After}.
 * </ul>
 *
 * Never writes a token or a stack trace. Thread-safe.
 */
public final class DzAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private final String realm;

  /** An entry point whose challenges name {@code realm}. */
  public DzAuthenticationEntryPoint(String realm) {
    this.realm = Objects.requireNonNull(realm, "realm");
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    if (!(failure instanceof DzAuthenticationException dz) || dz.reason() == Reason.MISSING_TOKEN) {
      response.setHeader("WWW-Authenticate", ErrorResponses.challenge(realm, null, null));
      ErrorResponses.write(response, 401, Reason.MISSING_TOKEN.detail());
      return;
    }
    Reason reason = dz.reason();
    switch (reason.kind()) {
      case INVALID_TOKEN -> {
        response.setHeader(
            "WWW-Authenticate", ErrorResponses.challenge(realm, "invalid_token", reason.detail()));
        ErrorResponses.write(response, 401, reason.detail());
      }
      case FORBIDDEN -> {
        if (reason == Reason.INSUFFICIENT_SCOPE) {
          response.setHeader("WWW-Authenticate",
              ErrorResponses.challenge(realm, "insufficient_scope", null));
        }
        ErrorResponses.write(response, 403, reason.detail());
      }
      case UNAVAILABLE -> {
        response.setHeader("Retry-After", ErrorResponses.RETRY_AFTER_SECONDS);
        ErrorResponses.write(response, 503, reason.detail());
      }
      case NOT_FOUND, CONFLICT, INVALID_REQUEST -> {
        // Not produced by token verification; answered as a refused token all the same.
        response.setHeader("WWW-Authenticate", ErrorResponses.challenge(realm, "invalid_token", null));
        ErrorResponses.write(response, 401, DzAuthException.Reason.MALFORMED.detail());
      }
    }
  }
}
