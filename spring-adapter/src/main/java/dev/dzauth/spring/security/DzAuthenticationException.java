package dev.dzauth.spring.security;

import dev.dzauth.DzAuthException;
import org.springframework.security.core.AuthenticationException;

/**
 * A {@code dz_} token was refused, or could not be checked: {@link #reason()} says which. Answered
 * by {@link DzAuthenticationEntryPoint}: 401 for a client fault, 503 when the store is unavailable.
 * The message never contains the token.
 */
public final class DzAuthenticationException extends AuthenticationException {

  private static final long serialVersionUID = 1L;

  private final DzAuthException.Reason reason;

  /** Wraps a failure of core. */
  public DzAuthenticationException(DzAuthException cause) {
    super(cause.getMessage(), cause);
    this.reason = cause.reason();
  }

  /** Why the token was refused. */
  public DzAuthException.Reason reason() {
    return reason;
  }
}
