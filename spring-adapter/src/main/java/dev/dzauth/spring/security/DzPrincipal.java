package dev.dzauth.spring.security;

import dev.dzauth.token.VerifiedToken;
import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * Who a verified {@code dz_} token speaks for: what {@code @AuthenticationPrincipal} resolves to.
 * Immutable and serializable; holds no token string. {@link #getName()} is the subject.
 *
 * @param tokenId the id of the token's record (the {@code token_id} of the management API)
 * @param jti the token's unique id
 * @param subject the user the token acts for
 * @param businessId the business the token is bound to
 * @param scopes the token's scopes
 */
public record DzPrincipal(
    String tokenId, String jti, String subject, String businessId, Set<String> scopes)
    implements Principal, Serializable {

  private static final long serialVersionUID = 1L;

  public DzPrincipal {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(businessId, "businessId");
    scopes = Set.copyOf(scopes);
  }

  /** The principal of a verified token. */
  public static DzPrincipal of(VerifiedToken token) {
    return new DzPrincipal(
        token.tokenId(), token.jti(), token.subject(), token.businessId(), token.scopes());
  }

  /** The subject, as {@link Principal} wants. */
  @Override
  public String getName() {
    return subject;
  }
}
