package dev.dzauth.spring.security;

import dev.dzauth.DzAuthException;
import dev.dzauth.http.BearerAuthenticator;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates {@code dz_} tokens with a {@link TokenVerifier}: a verified token becomes a {@link
 * DzAuthenticationToken}; a refused one a {@link DzAuthenticationException} carrying core's reason
 * (a store that cannot answer included: never an authentication for a token that may be revoked; an
 * unexpected {@code RuntimeException} of the verifier is a malformed token, as in the servlet
 * filter: {@link BearerAuthenticator#verify}). Notes each successful use for {@code last_used_at}
 * (batched by the {@link TokenService}). Thread-safe.
 */
public final class DzAuthenticationProvider implements AuthenticationProvider {

  private final TokenVerifier verifier;
  private final @Nullable TokenService lastUse;
  private final List<DzAuthObserver> observers;

  /**
   * A provider verifying with {@code verifier}.
   *
   * @param lastUse where successful uses are recorded, or {@code null} not to record them
   * @param observers told of every verification
   */
  public DzAuthenticationProvider(
      TokenVerifier verifier, @Nullable TokenService lastUse, List<DzAuthObserver> observers) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.lastUse = lastUse;
    this.observers = List.copyOf(observers);
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    String token = ((DzBearerToken) authentication).token();
    long start = System.nanoTime();
    VerifiedToken verified;
    try {
      verified = BearerAuthenticator.verify(verifier, token);
    } catch (DzAuthException e) {
      tell(e.reason(), System.nanoTime() - start);
      throw new DzAuthenticationException(e);
    }
    tell(null, System.nanoTime() - start);
    if (lastUse != null) {
      lastUse.recordUse(verified);
    }
    DzAuthenticationToken result = DzAuthenticationToken.of(verified);
    result.setDetails(authentication.getDetails());
    return result;
  }

  private void tell(DzAuthException.@Nullable Reason failure, long nanos) {
    for (DzAuthObserver o : observers) {
      try {
        o.verification(failure, nanos);
      } catch (RuntimeException ignored) {
        // An observer must not change the outcome.
      }
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return DzBearerToken.class.isAssignableFrom(authentication);
  }
}
