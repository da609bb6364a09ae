package dev.dzauth.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a token is minted for: the subject (user) it acts for, the business it is bound to, its
 * scopes, and how long it lives ({@code null}: it never expires).
 */
public record MintRequest(
    String subject, String businessId, Set<String> scopes, @Nullable Duration lifetime) {

  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

  public MintRequest {
    requireText(subject, "subject");
    requireText(businessId, "businessId");
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
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank() || value.length() > 255) {
      throw new IllegalArgumentException(name + " must be 1 to 255 characters, not blank");
    }
  }
}
