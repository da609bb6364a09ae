package dev.dzauth.servlet;

import dev.dzauth.token.VerifiedToken;
import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * Who a verified {@code dz_} token speaks for, in every adapter: the servlet filter's {@code
 * request.getUserPrincipal()} and, in Spring Security, the principal of the {@code
 * DzAuthenticationToken} that {@code @AuthenticationPrincipal DzPrincipal} resolves to. {@link
 * #getName()} is the subject.
 *
 * <p>Immutable, thread-safe and serializable (a Spring {@code Authentication} may be); equal when
 * all five values are; holds no token string.
 */
public final class DzPrincipal implements Principal, Serializable {

  private static final long serialVersionUID = 1L;

  private final String tokenId;
  private final String jti;
  private final String subject;
  private final String businessId;
  private final Set<String> scopes;

  private DzPrincipal(
      String tokenId, String jti, String subject, String businessId, Set<String> scopes) {
    this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
    this.jti = Objects.requireNonNull(jti, "jti");
    this.subject = Objects.requireNonNull(subject, "subject");
    this.businessId = Objects.requireNonNull(businessId, "businessId");
    this.scopes = Set.copyOf(scopes);
  }

  /** The principal of a verified token. */
  public static DzPrincipal of(VerifiedToken token) {
    return new DzPrincipal(
        token.tokenId(), token.jti(), token.subject(), token.businessId(), token.scopes());
  }

  /** The subject ({@code sub}): the user the token acts for. */
  @Override
  public String getName() {
    return subject;
  }

  /** The id of the token's record (what the token API calls {@code id}). */
  public String tokenId() {
    return tokenId;
  }

  /** The token's {@code jti}. */
  public String jti() {
    return jti;
  }

  /** The subject ({@code sub}). */
  public String subject() {
    return subject;
  }

  /** The business the token is bound to. */
  public String businessId() {
    return businessId;
  }

  /** The token's scopes (unmodifiable). */
  public Set<String> scopes() {
    return scopes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DzPrincipal p
        && p.tokenId.equals(tokenId)
        && p.jti.equals(jti)
        && p.subject.equals(subject)
        && p.businessId.equals(businessId)
        && p.scopes.equals(scopes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokenId, jti, subject, businessId, scopes);
  }

  @Override
  public String toString() {
    return "DzPrincipal{subject=" + subject + ", business=" + businessId + ", jti=" + jti + "}";
  }
}
