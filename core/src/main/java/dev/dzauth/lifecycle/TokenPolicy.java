package dev.dzauth.lifecycle;

/**
 * What a service allows when tokens are created.
 *
 * @param allowNeverExpiring whether {@code expires_in_days: null} (no expiry) is allowed; when not,
 *     such a request is a 422
 * @param maxExpiresInDays the longest lifetime in days, 1 to 365
 */
public record TokenPolicy(boolean allowNeverExpiring, int maxExpiresInDays) {

  public TokenPolicy {
    if (maxExpiresInDays < 1 || maxExpiresInDays > TokenService.MAX_EXPIRES_IN_DAYS) {
      throw new IllegalArgumentException(
          "maxExpiresInDays must be 1 to 365, got " + maxExpiresInDays);
    }
  }

  /**
   * The rules of docs/API.md (Limits): never-expiring tokens allowed, at most 365 days otherwise.
   */
  public static TokenPolicy defaults() {
    return new TokenPolicy(true, TokenService.MAX_EXPIRES_IN_DAYS);
  }
}
