package dev.dzauth.servlet;

import dev.dzauth.token.VerifiedToken;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * The principal of a request authenticated by {@link DzAuthFilter}: the user a token acts for
 * ({@link #getName()} is the subject), the business it is bound to, its scopes, and which token
 * it was. Immutable; holds no token string.
 */
public final class DzPrincipal implements Principal {

  private final VerifiedToken token;

  DzPrincipal(VerifiedToken token) {
    this.token = Objects.requireNonNull(token, "token");
  }

  /** The subject ({@code sub}): the user the token acts for. */
  @Override
  public String getName() {
    return token.subject();
  }

  /** The id of the token's record (what the token API calls {@code id}). */
  public String tokenId() {
    return token.tokenId();
  }

  /** The token's {@code jti}. */
  public String jti() {
    return token.jti();
  }

  /** The subject ({@code sub}). */
  public String subject() {
    return token.subject();
  }

  /** The business the token is bound to. */
  public String businessId() {
    return token.businessId();
  }

  /** The token's scopes. */
  public Set<String> scopes() {
    return token.scopes();
  }

  /** The verified token behind this principal. */
  public VerifiedToken token() {
    return token;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DzPrincipal p && p.token.equals(token);
  }

  @Override
  public int hashCode() {
    return token.hashCode();
  }

  @Override
  public String toString() {
    return "DzPrincipal{subject=" + token.subject() + ", business=" + token.businessId()
        + ", jti=" + token.jti() + "}";
  }
}
