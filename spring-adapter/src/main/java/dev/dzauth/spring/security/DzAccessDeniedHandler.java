package dev.dzauth.spring.security;

import dev.dzauth.DzAuthException.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers an authenticated request that is not allowed (a missing {@code SCOPE_…} authority,
 * {@code @PreAuthorize} refusing): 403, {@code WWW-Authenticate: Bearer realm="…",
 * error="insufficient_scope"} (RFC 6750 §3.1), {@code {"detail":"Not enough permissions"}}.
 * Thread-safe.
 */
public final class DzAccessDeniedHandler implements AccessDeniedHandler {

  private final String realm;

  /** A handler whose challenges name {@code realm}. */
  public DzAccessDeniedHandler(String realm) {
    this.realm = Objects.requireNonNull(realm, "realm");
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    response.setHeader("WWW-Authenticate",
        ErrorResponses.challenge(realm, "insufficient_scope", null));
    ErrorResponses.write(response, 403, Reason.INSUFFICIENT_SCOPE.detail());
  }
}
