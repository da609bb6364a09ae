package dev.dzauth.lifecycle;

import dev.dzauth.store.ChangeOrigin;
import dev.dzauth.token.VerifiedToken;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who asks: the authenticated user, the business the request acts in, the scopes the caller holds,
 * and, when an adapter saw a request, the client's address and user agent (recorded with the
 * lifecycle events the caller's changes make). Tokens are always owned by a (subject, business)
 * pair.
 *
 * @param subject the user
 * @param businessId the business the request acts in
 * @param scopes the caller's scopes
 * @param environmentId the environment the caller's token is bound to, or {@code null} for a caller
 *     of the whole business
 * @param clientIp the client's address as the adapter saw it, or {@code null}
 * @param userAgent the request's {@code User-Agent}, or {@code null}
 */
public record Caller(
    String subject,
    String businessId,
    Set<String> scopes,
    @Nullable String environmentId,
    @Nullable String clientIp,
    @Nullable String userAgent) {

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(businessId, "businessId");
    scopes = Set.copyOf(scopes);
  }

  /** A caller outside any request. */
  public Caller(String subject, String businessId, Set<String> scopes) {
    this(subject, businessId, scopes, null, null, null);
  }

  /** The caller a verified token speaks for. */
  public static Caller of(VerifiedToken token) {
    return new Caller(
        token.subject(), token.businessId(), token.scopes(), token.environmentId(), null, null);
  }

  /** This caller, in a request from {@code clientIp} with {@code userAgent}. */
  public Caller from(@Nullable String clientIp, @Nullable String userAgent) {
    return new Caller(subject, businessId, scopes, environmentId, clientIp, userAgent);
  }

  /** What this caller's changes record as their origin. */
  public ChangeOrigin origin() {
    return new ChangeOrigin(subject, clientIp, userAgent);
  }
}
