package dev.dzauth.lifecycle;

import dev.dzauth.token.VerifiedToken;
import java.util.Objects;
import java.util.Set;

/**
 * Who asks: the authenticated user, the business the request acts in, and the scopes the caller
 * holds. Tokens are always owned by a (subject, business) pair.
 */
public record Caller(String subject, String businessId, Set<String> scopes) {

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(businessId, "businessId");
    scopes = Set.copyOf(scopes);
  }

  /** The caller a verified token speaks for. */
  public static Caller of(VerifiedToken token) {
    return new Caller(token.subject(), token.businessId(), token.scopes());
  }
}
