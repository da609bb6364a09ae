package dev.dzauth.test.security;

import dev.dzauth.spring.security.DzAuthenticationToken;
import dev.dzauth.token.VerifiedToken;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one way this artifact builds a mock authentication: a {@link VerifiedToken} handed to the
 * starter's {@link DzAuthenticationToken#of}, so principal and authorities are mapped by the same
 * code as for a token verified in production.
 */
final class MockDzAuthentication {

  /** The key id recorded in mock verified tokens (no key signed them). */
  static final String MOCK_KEY_ID = "dz-auth-test-mock";

  private MockDzAuthentication() {}

  static DzAuthenticationToken of(
      String tokenId, String jti, String subject, String businessId, Set<String> scopes) {
    return of(tokenId, jti, subject, businessId, scopes, null);
  }

  static DzAuthenticationToken of(
      String tokenId,
      String jti,
      String subject,
      String businessId,
      Set<String> scopes,
      @Nullable String environmentId) {
    return DzAuthenticationToken.of(
        new VerifiedToken(
            tokenId,
            jti,
            subject,
            businessId,
            scopes,
            MOCK_KEY_ID,
            Instant.now(),
            null,
            environmentId));
  }
}
