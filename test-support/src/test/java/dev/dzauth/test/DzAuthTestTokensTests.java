package dev.dzauth.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.assembly.DzAuth;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.VerifiedToken;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Plain JUnit, no Spring: real tokens from an in-memory assembly. */
final class DzAuthTestTokensTests {

  @RegisterExtension static final DzAuthTestTokens tokens = DzAuthTestTokens.create();

  @Test
  void mintWhenVerifiedThenCarriesSubjectBusinessAndScopes() {
    String token = tokens.mint("alice", "b-1", "orders:read", "orders:write");

    VerifiedToken verified = tokens.verifier().verify(token);

    assertThat(token).startsWith("dz_");
    assertThat(verified.subject()).isEqualTo("alice");
    assertThat(verified.businessId()).isEqualTo("b-1");
    assertThat(verified.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
  }

  @Test
  void revokeWhenVerifiedAfterwardsThenRefused() {
    CreatedToken token = tokens.create("alice", "b-1", Set.of("orders:read"));
    tokens.verifier().verify(token.token());

    tokens.revoke(token);

    assertThatThrownBy(() -> tokens.verifier().verify(token.token()))
        .isInstanceOf(DzAuthException.class);
  }

  @Test
  void ofWhenClosedThenLeavesTheAssemblyOpen() {
    KeySet keys = KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k"));
    try (DzAuth dz = DzAuth.builder("https://issuer.test", keys).doorbell(null).build()) {
      DzAuthTestTokens borrowed = DzAuthTestTokens.of(dz);
      String token = borrowed.mint("bob", "b-2");

      borrowed.close();

      assertThat(dz.verifier().verify(token).subject()).isEqualTo("bob");
    }
  }

  @Test
  void toStringWhenMintedThenHoldsNoToken() {
    String token = tokens.mint("alice", "b-1");

    assertThat(tokens.toString()).doesNotContain(token).doesNotContain("dz_");
  }
}
