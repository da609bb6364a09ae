package dev.dzauth.lifecycle;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/tokens} ({@code APITokenCreate}), already typed; the lifecycle
 * checks ranges and policy.
 *
 * @param name 1 to 255 characters
 * @param description optional, at most {@value TokenService#MAX_DESCRIPTION_LENGTH} characters
 * @param expiresInDays 1 to 365, or {@code null} for a token that never expires (the API's default,
 *     when the field is absent, is {@value TokenService#DEFAULT_EXPIRES_IN_DAYS})
 * @param scopes the scopes to give the token, or {@code null} for all of the caller's
 */
public record CreateTokenRequest(
    @Nullable String name,
    @Nullable String description,
    @Nullable Integer expiresInDays,
    @Nullable Set<String> scopes) {

  /** A request with the API's defaults: 365 days, the caller's scopes, no description. */
  public static CreateTokenRequest named(String name) {
    return new CreateTokenRequest(name, null, TokenService.DEFAULT_EXPIRES_IN_DAYS, null);
  }
}
