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
 * @param tokenScope {@code account} (the whole business) or {@code environment} (one environment of
 *     it), or {@code null}: {@code environment} when {@code environmentId} is given, else the
 *     caller's own (an environment-scoped caller makes tokens of its environment only)
 * @param environmentId the environment of an environment-scoped token, or {@code null}
 */
public record CreateTokenRequest(
    @Nullable String name,
    @Nullable String description,
    @Nullable Integer expiresInDays,
    @Nullable Set<String> scopes,
    @Nullable String tokenScope,
    @Nullable String environmentId) {

  /** A request for a token of the caller's scope (see {@code tokenScope}). */
  public CreateTokenRequest(
      @Nullable String name,
      @Nullable String description,
      @Nullable Integer expiresInDays,
      @Nullable Set<String> scopes) {
    this(name, description, expiresInDays, scopes, null, null);
  }

  /** A request with the API's defaults: 365 days, the caller's scopes, no description. */
  public static CreateTokenRequest named(String name) {
    return new CreateTokenRequest(name, null, TokenService.DEFAULT_EXPIRES_IN_DAYS, null);
  }
}
