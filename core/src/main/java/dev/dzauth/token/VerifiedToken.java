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
 * @param environmentId the environment an environment-scoped token is bound to, or {@code null} for
 *     a token of the whole business
 */
public record VerifiedToken(
    String tokenId,
    String jti,
    String subject,
    String businessId,
    Set<String> scopes,
    String keyId,
    Instant issuedAt,
    @Nullable Instant expiresAt,
    @Nullable String environmentId) {

  /** The API value of an account-scoped token's {@link #tokenScope()}. */
  public static final String ACCOUNT_SCOPE = "account";

  /** The API value of an environment-scoped token's {@link #tokenScope()}. */
  public static final String ENVIRONMENT_SCOPE = "environment";

  public VerifiedToken {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(businessId, "businessId");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  /** A verified token of the whole business. */
  public VerifiedToken(
      String tokenId,
      String jti,
      String subject,
      String businessId,
      Set<String> scopes,
      String keyId,
      Instant issuedAt,
      @Nullable Instant expiresAt) {
    this(tokenId, jti, subject, businessId, scopes, keyId, issuedAt, expiresAt, null);
  }

  /**
   * {@value #ENVIRONMENT_SCOPE} when the token is bound to one environment, {@value #ACCOUNT_SCOPE}
   * when it acts for its whole business.
   */
  public String tokenScope() {
    return environmentId == null ? ACCOUNT_SCOPE : ENVIRONMENT_SCOPE;
  }

  /** Whether the token carries {@code scope}. */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }
}
