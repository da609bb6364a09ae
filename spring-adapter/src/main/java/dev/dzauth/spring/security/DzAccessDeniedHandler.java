package dev.dzauth.spring.security;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.servlet.ServletExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers an authenticated request that is not allowed (a missing {@code SCOPE_…} authority,
 * {@code @PreAuthorize} refusing): 403, {@code WWW-Authenticate: Bearer realm="…",
 * error="insufficient_scope"} (RFC 6750 §3.1), {@code {"detail":"Not enough permissions"}}, as
 * {@link HttpErrors#insufficientScope} writes it. Thread-safe.
 */
public final class DzAccessDeniedHandler implements AccessDeniedHandler {

  private final HttpErrors errors;

  /** A handler whose challenges name {@code realm}. */
  public DzAccessDeniedHandler(String realm) {
    this(HttpErrors.create(realm, HttpErrors.DEFAULT_RETRY_AFTER));
  }

  /** A handler answering with {@code errors}. */
  public DzAccessDeniedHandler(HttpErrors errors) {
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    ServletExchange.send(response, errors.insufficientScope(List.of()));
  }
}
