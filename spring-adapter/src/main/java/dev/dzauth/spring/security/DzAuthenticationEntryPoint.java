package dev.dzauth.spring.security;

import dev.dzauth.DzAuthException;
import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.servlet.ServletExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that is not authenticated, exactly as docs/API.md ("Errors") says and byte for
 * byte as the servlet filter does (both use {@link HttpErrors}):
 *
 * <ul>
 *   <li>no token: 401, {@code WWW-Authenticate: Bearer realm="…"}, {@code {"detail":"Not
 *       authenticated"}};
 *   <li>a refused token: 401, {@code WWW-Authenticate: Bearer realm="…", error="invalid_token",
 *       error_description="…"} (RFC 6750 §3.1), {@code {"detail":<the reason's fixed text>}};
 *   <li>a token that cannot be checked now (store unavailable): 503 with {@code Retry-After}.
 * </ul>
 *
 * Never writes a token or a stack trace. Thread-safe.
 */
public final class DzAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private final HttpErrors errors;

  /**
   * An entry point whose challenges name {@code realm}, telling clients to retry a 503 after {@link
   * HttpErrors#DEFAULT_RETRY_AFTER}.
   */
  public DzAuthenticationEntryPoint(String realm) {
    this(HttpErrors.create(realm, HttpErrors.DEFAULT_RETRY_AFTER));
  }

  /** An entry point answering with {@code errors}. */
  public DzAuthenticationEntryPoint(HttpErrors errors) {
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** The answers this entry point sends. */
  public HttpErrors errors() {
    return errors;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    if (failure instanceof DzAuthenticationException
        && failure.getCause() instanceof DzAuthException dz) {
      ServletExchange.send(response, errors.failure(dz));
    } else {
      ServletExchange.send(response, errors.notAuthenticated());
    }
  }
}
