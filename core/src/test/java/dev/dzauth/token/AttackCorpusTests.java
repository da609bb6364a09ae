package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.testing.AttackCorpus;
import dev.dzauth.testing.AttackCorpus.Case;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hardening attack corpus ({@link AttackCorpus}) against the verifier, table-driven: each case
 * is refused for its own reason, without a store call when the token is refused before its status
 * is looked up, and without a trace of the token in the message. Prints the figure line.
 */
final class AttackCorpusTests {

  private final TokenKey hs = TestKeys.hs256();
  private final TokenKey es = TestKeys.es256();
  private final Harness h = new Harness(hs, es);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void everyCaseOfTheCorpusIsRefusedForItsOwnReason() {
    List<Case> cases =
        AttackCorpus.cases(
            Harness.ISSUER, hs, es, h.clock.instant(), jti -> h.store.set(jti, TokenStatus.ACTIVE));
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      long t0 = System.nanoTime();
      Reason got = h.reasonFor(c.token());
      long micros = (System.nanoTime() - t0) / 1_000;
      if (got != c.reason()) {
        wrong.add(c.name() + ": " + got + " instead of " + c.reason());
      }
      assertThat(micros).as(c.name() + " took %d µs", micros).isLessThan(500_000);
    }
    assertThat(h.verifier.stats().size()).as("nothing refused is cached").isZero();
    assertThat(
            h.verifier
                .verify(
                    AttackCorpus.valid(
                        Harness.ISSUER,
                        hs,
                        h.clock.instant(),
                        jti -> h.store.set(jti, TokenStatus.ACTIVE)))
                .subject())
        .isEqualTo("user-1");
    System.out.printf(
        "[dz-auth hardening] core attack corpus: %d cases, %d refused with the right reason%n",
        cases.size(), cases.size() - wrong.size());
    assertThat(wrong).isEmpty();
  }

  @Test
  void aFloodOfUnknownKidsDoesBoundedWorkNoLookupAndCachesNothing() {
    h.verifier.verify(
        AttackCorpus.valid(
            Harness.ISSUER, hs, h.clock.instant(), jti -> h.store.set(jti, TokenStatus.ACTIVE)));
    long cached = h.verifier.stats().size();
    int storeCalls = h.store.calls();
    int flood = 10_000;
    List<String> tokens = new ArrayList<>(flood);
    for (int i = 0; i < flood; i++) {
      Map<String, Object> header = Tokens.header(hs);
      header.put("kid", "unknown-" + i);
      tokens.add(Tokens.sign(hs, header, h.activeClaims()));
    }
    long t0 = System.nanoTime();
    for (String t : tokens) {
      assertThat(h.reasonFor(t)).isEqualTo(Reason.UNKNOWN_KEY);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(
        "[dz-auth hardening] %d unknown kids refused in %d ms, verified cache %d -> %d, store calls"
            + " %d%n",
        flood, millis, cached, h.verifier.stats().size(), h.store.calls() - storeCalls);
    assertThat(h.verifier.stats().size()).isEqualTo(cached);
    assertThat(h.store.calls()).isEqualTo(storeCalls);
    assertThat(millis).isLessThan(10_000);
  }

  @Test
  void aBusinessIdLongerThanTheStoresHoldIsRefusedAtMintingNotAtInsert() {
    // Was 255 here but 128 in every schema: a longer id failed on insert as STORE_UNAVAILABLE.
    assertThat(new MintRequest("u", "b".repeat(128), java.util.Set.of(), null).businessId())
        .hasSize(128);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new MintRequest("u", "b".repeat(129), java.util.Set.of(), null))
        .withMessageContaining("128");
  }
}
