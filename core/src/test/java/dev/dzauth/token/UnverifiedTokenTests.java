package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnverifiedTokenTests {

  @Test
  void decodesHeaderAndClaimsOfAMintedTokenWithoutAKey() {
    KeySetHolder keys =
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k1")));
    MintedToken minted =
        TokenMinter.builder("https://issuer.test", keys)
            .build()
            .mint(new MintRequest("user-1", "biz-1", Set.of("b", "a"), Duration.ofDays(1)));

    UnverifiedToken t = UnverifiedToken.decode(minted.token());

    assertThat(t.header())
        .containsEntry("kid", "k1")
        .containsEntry("alg", "ES256")
        .containsEntry("typ", TokenFormat.TYPE);
    assertThat(t.claims())
        .containsEntry("sub", "user-1")
        .containsEntry("iss", "https://issuer.test")
        .containsEntry(TokenFormat.CLAIM_BUSINESS_ID, "biz-1")
        .containsEntry(TokenFormat.CLAIM_SCOPE, "a b")
        .containsEntry("jti", minted.jti());
    assertThat(t.displayPrefix()).isEqualTo(TokenFormat.displayPrefix(minted.token()));
  }

  @Test
  void refusesWhatIsNotADzTokenAsMalformed() {
    for (String bad :
        new String[] {"", "eyJ.eyJ.sig", "dz_only.two", "dz_a.b.c.d", "dz_" + "a".repeat(5000)}) {
      DzAuthException e =
          catchThrowableOfType(DzAuthException.class, () -> UnverifiedToken.decode(bad));
      assertThat(e).as(bad.length() > 40 ? "long token" : bad).isNotNull();
      assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    }
  }
}
