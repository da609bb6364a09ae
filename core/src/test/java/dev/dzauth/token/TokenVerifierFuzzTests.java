package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dzauth.DzAuthException;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.States;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.time.Duration;

/**
 * Coverage-guided fuzzing of {@link TokenVerifier#verify}: whatever the input, the verifier answers
 * with a verified token or a {@link DzAuthException} of kind {@code INVALID_TOKEN} whose message
 * holds no part of the token's signature; never another exception, never a hang.
 *
 * <p>Four shapes of input, chosen by the first byte: raw text; {@code dz_} and text; a header the
 * fuzzer writes over a valid payload, correctly signed with the configured key (so header policy is
 * reached past the signature); a payload the fuzzer writes under a valid header, correctly signed
 * (so claim handling is reached). Every status lookup answers active.
 *
 * <p>The default build runs the committed inputs under {@code
 * src/test/resources/dev/dzauth/token/TokenVerifierFuzzTestsInputs/}; a campaign: {@code
 * hardening/fuzz.sh core TokenVerifierFuzzTests 5m}.
 */
final class TokenVerifierFuzzTests {

  @FuzzTest(maxDuration = "2m")
  void verifierAnswersEveryInputWithAVerdict(FuzzedDataProvider data) {
    Target.run(data);
  }

  /**
   * Everything the target needs, loaded on the first input: Jazzer breaks records that were loaded
   * before its agent attached (NoSuchFieldError when fuzzing), so nothing is touched early.
   */
  private static final class Target {

    private static final String ISSUER = "https://issuer.test";
    private static final TokenKey KEY = TestKeys.hs256();
    private static final MutableClock CLOCK = MutableClock.fixed();
    private static final StatusCache STATUSES =
        StatusCache.builder(jti -> States.next("id-" + jti, TokenStatus.ACTIVE))
            .ticker(CLOCK.ticker())
            .build();
    private static final TokenVerifier VERIFIER =
        TokenVerifier.builder(ISSUER, KeySetHolder.of(KeySet.of(KEY, TestKeys.es256())), STATUSES)
            .clock(CLOCK)
            .verifiedCacheSize(1_000)
            .build();

    static void run(FuzzedDataProvider data) {
      int shape = data.consumeInt(0, 3);
      String token =
          switch (shape) {
            case 0 -> data.consumeRemainingAsString();
            case 1 -> TokenFormat.PREFIX + data.consumeRemainingAsString();
            case 2 ->
                Tokens.signRaw(
                    KEY,
                    data.consumeRemainingAsString(),
                    Tokens.json(Tokens.claims(ISSUER, CLOCK.instant(), Duration.ofHours(1))));
            default ->
                Tokens.signRaw(
                    KEY, Tokens.json(Tokens.header(KEY)), data.consumeRemainingAsString());
          };
      verdict(token);
    }

    static void verdict(String token) {
      try {
        VerifiedToken v = VERIFIER.verify(token);
        assertThat(v.jti()).isNotEmpty();
        assertThat(v.subject()).isNotEmpty();
        assertThat(v.businessId()).isNotEmpty();
      } catch (DzAuthException e) {
        assertThat(e.reason().kind()).isEqualTo(DzAuthException.Kind.INVALID_TOKEN);
        int lastDot = token.lastIndexOf('.');
        if (token.startsWith(TokenFormat.PREFIX) && lastDot > 0 && token.length() - lastDot > 16) {
          assertThat(e.getMessage()).doesNotContain(token.substring(lastDot + 1));
        }
      }
    }
  }
}
