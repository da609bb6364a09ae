package dev.dzauth.token;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A freshly minted token and its metadata. The token string is shown to its owner once and never
 * stored; {@link #toString()} leaves it out.
 *
 * @param token the {@code dz_} token
 * @param jti the unique token id (the key of revocation)
 * @param displayPrefix {@link TokenFormat#displayPrefix} of the token
 * @param keyId the kid of the key that signed it
 * @param issuedAt {@code iat} (and {@code nbf})
 * @param expiresAt {@code exp}, or {@code null} when the token never expires
 */
public record MintedToken(
    String token,
    String jti,
    String displayPrefix,
    String keyId,
    Instant issuedAt,
    @Nullable Instant expiresAt) {

  public MintedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(displayPrefix, "displayPrefix");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  @Override
  public String toString() {
    return "MintedToken{jti="
        + jti
        + ", prefix="
        + displayPrefix
        + ", kid="
        + keyId
        + ", issuedAt="
        + issuedAt
        + ", expiresAt="
        + expiresAt
        + "}";
  }
}
