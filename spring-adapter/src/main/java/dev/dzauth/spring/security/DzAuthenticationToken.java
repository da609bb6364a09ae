package dev.dzauth.spring.security;

import dev.dzauth.servlet.DzPrincipal;
import dev.dzauth.token.VerifiedToken;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated {@code dz_} token: the principal is a {@link DzPrincipal} (the servlet module's,
 * the one principal type of every dz-auth adapter), the authorities are {@code SCOPE_<scope>} for
 * each of its scopes (as Spring Security's resource server does), so {@code
 * hasAuthority('SCOPE_tokens:read')} and {@code @PreAuthorize} work as usual. The token string is
 * not kept: {@link #getCredentials()} is {@code null}. Immutable once built.
 */
public final class DzAuthenticationToken extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  /** The prefix of scope authorities. */
  public static final String SCOPE_PREFIX = "SCOPE_";

  private final DzPrincipal principal;
  private final transient @Nullable VerifiedToken token;

  /** An authenticated token for {@code principal} with these authorities. */
  public DzAuthenticationToken(
      DzPrincipal principal, Collection<? extends GrantedAuthority> authorities) {
    this(principal, null, authorities);
  }

  private DzAuthenticationToken(
      DzPrincipal principal,
      @Nullable VerifiedToken token,
      Collection<? extends GrantedAuthority> authorities) {
    super(authorities);
    this.principal = Objects.requireNonNull(principal, "principal");
    this.token = token;
    setAuthenticated(true);
  }

  /** The authentication of a verified token, with its scopes as {@code SCOPE_} authorities. */
  public static DzAuthenticationToken of(VerifiedToken token) {
    List<GrantedAuthority> authorities =
        token.scopes().stream()
            .sorted()
            .<GrantedAuthority>map(s -> new SimpleGrantedAuthority(SCOPE_PREFIX + s))
            .toList();
    return new DzAuthenticationToken(DzPrincipal.of(token), token, authorities);
  }

  /**
   * This authentication with its principal acting in {@code environment} ({@link
   * DzPrincipal#inEnvironment}); the same authorities, token and details.
   *
   * @throws IllegalArgumentException for an environment-scoped principal and another environment
   */
  public DzAuthenticationToken inEnvironment(@Nullable String environment) {
    DzPrincipal moved = principal.inEnvironment(environment);
    if (moved == principal) {
      return this;
    }
    DzAuthenticationToken copy = new DzAuthenticationToken(moved, token, getAuthorities());
    copy.setDetails(getDetails());
    return copy;
  }

  /** Always {@code null}: the token string is never kept. */
  @Override
  public @Nullable Object getCredentials() {
    return null;
  }

  @Override
  public DzPrincipal getPrincipal() {
    return principal;
  }

  /**
   * The verified token (key id, issue and expiry times), when built by {@link #of} on this JVM (not
   * kept through serialization).
   */
  public @Nullable VerifiedToken getVerifiedToken() {
    return token;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DzAuthenticationToken other
        && super.equals(other)
        && principal.equals(other.principal);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + principal.hashCode();
  }
}
