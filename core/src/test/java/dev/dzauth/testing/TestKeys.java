package dev.dzauth.testing;

import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys for tests, generated once per JVM and algorithm (RSA generation is slow), with the kid
 * {@code "test-<alg>"}. Use {@link TokenKey#generate} directly for a second key of one algorithm.
 */
public final class TestKeys {

  private static final Map<SignatureAlgorithm, TokenKey> KEYS = new ConcurrentHashMap<>();

  private TestKeys() {}

  /** The shared test key for {@code algorithm}, kid {@code "test-" + alg} in lower case. */
  public static TokenKey of(SignatureAlgorithm algorithm) {
    return KEYS.computeIfAbsent(
        algorithm,
        a -> TokenKey.generate(a, "test-" + a.jwsName().toLowerCase(java.util.Locale.ROOT)));
  }

  /** The shared ES256 key. */
  public static TokenKey es256() {
    return of(SignatureAlgorithm.ES256);
  }

  /** The shared HS256 key. */
  public static TokenKey hs256() {
    return of(SignatureAlgorithm.HS256);
  }
}
