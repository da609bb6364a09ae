package dev.dzauth.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a token is minted for: the subject (user) it acts for, the business it is bound to, its
 * scopes, how long it lives ({@code null}: it never expires), and the environment within the
 * business it is bound to ({@code null}: the whole business).
 */
public record MintRequest(
    String subject,
    String businessId,
    Set<String> scopes,
    @Nullable Duration lifetime,
    @Nullable String environmentId) {

  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

  public MintRequest {
    requireText(subject, "subject", 255);
    // 128: what every store schema holds (MariaDB's index key limit with utf8mb4).
    requireText(businessId, "businessId", MAX_BUSINESS_ID_LENGTH);
    scopes = Set.copyOf(scopes);
    for (String s : scopes) {
      if (!SCOPE.matcher(s).matches()) {
        throw new IllegalArgumentException(
            "scope '" + s + "' is not a scope-token (RFC 6749 §3.3), or longer than 128");
      }
    }
    if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
      throw new IllegalArgumentException("lifetime must be positive, or null for no expiry");
    }
    if (environmentId != null) {
      requireText(environmentId, "environmentId", TokenFormat.MAX_ENVIRONMENT_ID_LENGTH);
    }
  }

  /** A request for a token of the whole business. */
  public MintRequest(
      String subject, String businessId, Set<String> scopes, @Nullable Duration lifetime) {
    this(subject, businessId, scopes, lifetime, null);
  }

  /** The longest business id: 128 characters, what every store's schema holds. */
  public static final int MAX_BUSINESS_ID_LENGTH = 128;

  private static void requireText(String value, String name, int max) {
    Objects.requireNonNull(value, name);
    if (value.isBlank() || value.length() > max) {
      throw new IllegalArgumentException(name + " must be 1 to " + max + " characters, not blank");
    }
  }
}
