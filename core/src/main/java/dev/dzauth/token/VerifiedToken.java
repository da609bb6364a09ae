package dev.dzauth.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A token that passed every check: signature, header, claims, time and status. Immutable; holds no
 * token string.
 *
 * @param tokenId the id of the token's record in the store
 * @param jti the unique token id ({@code jti})
 * @param subject the user the token acts for ({@code sub})
 * @param businessId the business the token is bound to
 * @param scopes the token's scopes
 * @param keyId the kid of the key that signed it
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}, or {@code null} when the token never expires
 */
public record VerifiedToken(
    String tokenId,
    String jti,
    String subject,
    String businessId,
    Set<String> scopes,
    String keyId,
    Instant issuedAt,
    @Nullable Instant expiresAt) {

  public VerifiedToken {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(businessId, "businessId");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  /** Whether the token carries {@code scope}. */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }
}
