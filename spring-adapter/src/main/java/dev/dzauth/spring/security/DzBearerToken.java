package dev.dzauth.spring.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authentication request: a token string to verify. Its {@code toString} never shows the token.
 */
final class DzBearerToken extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final transient String token;

  DzBearerToken(String token) {
    super(List.of());
    this.token = token;
  }

  String token() {
    return token;
  }

  @Override
  public Object getCredentials() {
    return token;
  }

  @Override
  public Object getPrincipal() {
    return "dz_ bearer token";
  }

  @Override
  public String toString() {
    return "DzBearerToken[token hidden]";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
