package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.TestKeys;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/API.md, Token format: token_prefix starts with dz_, is a pure function of the token, differs
 * between tokens.
 */
final class DisplayPrefixTests {

  @Test
  void displayPrefixWhenComputedTwiceThenSameAndStartsWithDz() {
    try (Harness h = new Harness(TestKeys.es256())) {
      MintedToken t = h.mintActive();

      assertThat(t.displayPrefix()).startsWith("dz_").hasSize(15);
      assertThat(TokenFormat.displayPrefix(t.token())).isEqualTo(t.displayPrefix());
      assertThat(TokenFormat.displayPrefix(new String(t.token().toCharArray())))
          .isEqualTo(t.displayPrefix());
      assertThat(t.token()).doesNotContain(t.displayPrefix().substring(3));
    }
  }

  @Test
  void displayPrefixWhenThousandTokensAreMintedThenAllDiffer() {
    try (Harness h = new Harness(TestKeys.hs256())) {
      Set<String> prefixes = new HashSet<>();
      for (int i = 0; i < 1_000; i++) {
        prefixes.add(
            h.minter.mint(new MintRequest("u", "b", Set.of(), Duration.ofDays(1))).displayPrefix());
      }

      assertThat(prefixes).hasSize(1_000).allMatch(p -> p.startsWith("dz_"));
    }
  }

  @Test
  void displayPrefixWhenTokenDiffersInOneCharacterThenPrefixDiffers() {
    assertThat(TokenFormat.displayPrefix("dz_a.b.c"))
        .isNotEqualTo(TokenFormat.displayPrefix("dz_a.b.d"));
  }
}
