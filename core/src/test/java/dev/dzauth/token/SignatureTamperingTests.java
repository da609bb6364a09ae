package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.testing.States;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A signature binds header and payload: tampering with any part is refused. */
final class SignatureTamperingTests {

  /** The order of the P-256 group. */
  private static final BigInteger P256_N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private final TokenKey ours = TestKeys.es256();
  private final Harness h = new Harness(ours);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void verifyWhenPayloadIsTamperedThenBadSignature() {
    String token = h.mintActive().token();
    String[] s = Tokens.segments(token);
    Map<String, Object> claims = Tokens.payload(token);
    claims.put("scope", "read admin");
    String tampered =
        TokenFormat.PREFIX + s[0] + "." + Tokens.b64(Tokens.json(claims)) + "." + s[2];

    assertThat(h.reasonFor(tampered)).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(h.verifier.verify(token).scopes()).containsExactly("read");
  }

  @Test
  void verifyWhenOneSignatureCharacterChangesThenBadSignature() {
    String token = h.mintActive().token();
    int i = token.length() - 10;
    char flipped = token.charAt(i) == 'A' ? 'B' : 'A';

    assertThat(h.reasonFor(token.substring(0, i) + flipped + token.substring(i + 1)))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verifyWhenSignatureIsAlteredOrTruncatedThenBadSignatureForEveryAlgorithm(
      SignatureAlgorithm alg) {
    try (Harness any = new Harness(TokenKey.generate(alg, "k-" + alg))) {
      String token = any.mintActive().token();
      int i = token.length() - 5;
      char flipped = token.charAt(i) == 'A' ? 'B' : 'A';

      assertThat(any.reasonFor(token.substring(0, i) + flipped + token.substring(i + 1)))
          .isEqualTo(Reason.BAD_SIGNATURE);
      assertThat(any.reasonFor(token.substring(0, token.length() - 4)))
          .isEqualTo(Reason.BAD_SIGNATURE);
      assertThat(any.verifier.verify(token).jti()).isNotEmpty();
    }
  }

  @Test
  void verifyWhenSignatureOfTokenAIsSplicedOntoTokenBThenBadSignature() {
    String[] a = Tokens.segments(h.mintActive().token());
    String[] b = Tokens.segments(h.mintActive().token());
    String spliced = TokenFormat.PREFIX + b[0] + "." + b[1] + "." + a[2];

    assertThat(h.reasonFor(spliced)).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(h.store.calls()).isZero();
  }

  @Test
  void verifyWhenEcdsaSignatureIsAllZerosThenBadSignature() {
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
    String[] s = Tokens.segments(h.mintActive().token());
    String zeros = Tokens.b64(new byte[64]);

    assertThat(h.reasonFor(TokenFormat.PREFIX + s[0] + "." + s[1] + "." + zeros))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void verifyWhenEcdsaSignatureHasTheWrongLengthThenBadSignature() {
    String[] s = Tokens.segments(h.mintActive().token());
    byte[] sig = Base64.getUrlDecoder().decode(s[2]);
    String shortSig = Tokens.b64(Arrays.copyOf(sig, 63));
    String derLike = Tokens.b64(Arrays.copyOf(sig, 72));

    assertThat(h.reasonFor(TokenFormat.PREFIX + s[0] + "." + s[1] + "." + shortSig))
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(h.reasonFor(TokenFormat.PREFIX + s[0] + "." + s[1] + "." + derLike))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void verifyWhenNonCanonicalEcdsaSignatureOfARevokedTokenThenStillRevoked() {
    MintedToken minted = h.mintActive();
    h.verifier.verify(minted.token());
    h.store.set(minted.jti(), TokenStatus.REVOKED);
    h.statuses.record(minted.jti(), States.next("id-" + minted.jti(), TokenStatus.REVOKED));
    String malleated = withHighS(minted.token());

    assertThat(malleated).isNotEqualTo(minted.token());
    assertThat(h.reasonFor(minted.token())).isEqualTo(Reason.REVOKED);
    assertThat(h.reasonFor(malleated)).isEqualTo(Reason.REVOKED);
  }

  @Test
  void verifyWhenNonCanonicalEcdsaSignatureOfAnActiveTokenThenSameJti() {
    // Whatever the JDK decides about (r, n - s), the status is keyed by jti, never by the string.
    MintedToken minted = h.mintActive();
    String malleated = withHighS(minted.token());

    assertThat(h.verifier.verify(malleated).jti()).isEqualTo(minted.jti());
  }

  /** The same ECDSA signature as (r, n - s): equally valid mathematically, different bytes. */
  private static String withHighS(String token) {
    String[] s = Tokens.segments(token);
    byte[] sig = Base64.getUrlDecoder().decode(s[2]);
    BigInteger sValue = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    byte[] flipped = toFixed(P256_N.subtract(sValue));
    byte[] out = Arrays.copyOf(sig, 64);
    System.arraycopy(flipped, 0, out, 32, 32);
    return TokenFormat.PREFIX + s[0] + "." + s[1] + "." + Tokens.b64(out);
  }

  private static byte[] toFixed(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }
}
