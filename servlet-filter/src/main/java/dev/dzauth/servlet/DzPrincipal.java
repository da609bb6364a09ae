package dev.dzauth.servlet;

import dev.dzauth.token.VerifiedToken;
import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who a verified {@code dz_} token speaks for, in every adapter: the servlet filter's {@code
 * request.getUserPrincipal()} and, in Spring Security, the principal of the {@code
 * DzAuthenticationToken} that {@code @AuthenticationPrincipal DzPrincipal} resolves to. {@link
 * #getName()} is the subject.
 *
 * <p>It carries the token's scope ({@link #tokenScope()}: {@code account} or {@code environment})
 * and the environment the request acts in ({@link #environmentId()}): an environment-scoped token's
 * own, or for an account token the one its request named in {@code x-environment-id} ({@code null}
 * when it named none: the whole business).
 *
 * <p>Immutable, thread-safe and serializable (a Spring {@code Authentication} may be); equal when
 * all its values are; holds no token string.
 */
public final class DzPrincipal implements Principal, Serializable {

  private static final long serialVersionUID = 2L;

  private final String tokenId;
  private final String jti;
  private final String subject;
  private final String businessId;
  private final Set<String> scopes;
  private final String tokenScope;
  private final @Nullable String environmentId;

  private DzPrincipal(
      String tokenId,
      String jti,
      String subject,
      String businessId,
      Set<String> scopes,
      String tokenScope,
      @Nullable String environmentId) {
    this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
    this.jti = Objects.requireNonNull(jti, "jti");
    this.subject = Objects.requireNonNull(subject, "subject");
    this.businessId = Objects.requireNonNull(businessId, "businessId");
    this.scopes = Set.copyOf(scopes);
    this.tokenScope = Objects.requireNonNull(tokenScope, "tokenScope");
    this.environmentId = environmentId;
  }

  /** The principal of a verified token, acting in its own environment (if it has one). */
  public static DzPrincipal of(VerifiedToken token) {
    return of(token, token.environmentId());
  }

  /**
   * The principal of a verified token in a request acting in {@code environmentId} (what {@code
   * BearerAuthenticator.checkEnvironment} answered).
   *
   * @throws IllegalArgumentException when the token is bound to another environment
   */
  public static DzPrincipal of(VerifiedToken token, @Nullable String environmentId) {
    String bound = token.environmentId();
    if (bound != null && !bound.equals(environmentId)) {
      throw new IllegalArgumentException(
          "an environment-scoped token acts in its environment only");
    }
    return new DzPrincipal(
        token.tokenId(),
        token.jti(),
        token.subject(),
        token.businessId(),
        token.scopes(),
        token.tokenScope(),
        environmentId);
  }

  /**
   * This principal acting in {@code environment} (an account token's request naming one).
   *
   * @throws IllegalArgumentException for an environment-scoped principal and another environment
   */
  public DzPrincipal inEnvironment(@Nullable String environment) {
    if (Objects.equals(environment, environmentId)) {
      return this;
    }
    if (isEnvironmentScoped()) {
      throw new IllegalArgumentException(
          "an environment-scoped token acts in its environment only");
    }
    return new DzPrincipal(tokenId, jti, subject, businessId, scopes, tokenScope, environment);
  }

  /** The subject ({@code sub}): the user the token acts for. */
  @Override
  public String getName() {
    return subject;
  }

  /** The id of the token's record (what the token API calls {@code id}). */
  public String tokenId() {
    return tokenId;
  }

  /** The token's {@code jti}. */
  public String jti() {
    return jti;
  }

  /** The subject ({@code sub}). */
  public String subject() {
    return subject;
  }

  /** The business the token is bound to. */
  public String businessId() {
    return businessId;
  }

  /** The token's scopes (unmodifiable). */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * {@code environment} when the token is bound to one environment of its business, {@code account}
   * when it acts for the whole business.
   */
  public String tokenScope() {
    return tokenScope;
  }

  /** Whether the token is bound to one environment ({@link #environmentId()}). */
  public boolean isEnvironmentScoped() {
    return VerifiedToken.ENVIRONMENT_SCOPE.equals(tokenScope);
  }

  /**
   * The environment the request acts in: an environment-scoped token's own; for an account token,
   * the one its request named in {@code x-environment-id}, or {@code null} (the whole business).
   */
  public @Nullable String environmentId() {
    return environmentId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DzPrincipal p
        && p.tokenId.equals(tokenId)
        && p.jti.equals(jti)
        && p.subject.equals(subject)
        && p.businessId.equals(businessId)
        && p.scopes.equals(scopes)
        && p.tokenScope.equals(tokenScope)
        && Objects.equals(p.environmentId, environmentId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokenId, jti, subject, businessId, scopes, tokenScope, environmentId);
  }

  @Override
  public String toString() {
    return "DzPrincipal{subject="
        + subject
        + ", business="
        + businessId
        + (environmentId == null ? "" : ", environment=" + environmentId)
        + ", jti="
        + jti
        + "}";
  }
}
