package dev.dzauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7515 §7.1 compact serialization: anything that is not one is refused as MALFORMED. */
final class MalformedTokenTests {

  private final TokenKey ours = TestKeys.es256();
  private final Harness h = new Harness(ours);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void verifyWhenTokenIsLongerThan4096CharactersThenMalformedBeforeDecoding() {
    // A correctly signed, active token that is too long only because of a padding claim.
    Map<String, Object> claims = h.activeClaims();
    claims.put("pad", "x".repeat(3000));
    String token = Tokens.sign(ours, Tokens.header(ours), claims);
    Map<String, Object> shorter = h.activeClaims();
    shorter.put("pad", "x".repeat(2500));
    String fits = Tokens.sign(ours, Tokens.header(ours), shorter);

    assertThat(token.length()).isGreaterThan(TokenFormat.DEFAULT_MAX_TOKEN_LENGTH);
    assertThat(h.reasonFor(token)).isEqualTo(Reason.MALFORMED);
    assertThat(h.store.calls()).isZero();
    assertThat(fits.length()).isLessThanOrEqualTo(TokenFormat.DEFAULT_MAX_TOKEN_LENGTH);
    assertThat(h.verifier.verify(fits).jti()).isEqualTo(shorter.get("jti"));
  }

  @Test
  void verifyWhenTokenIsGarbageOfMaximumLengthPlusOneThenMalformed() {
    assertThat(h.reasonFor("dz_" + "\u0000".repeat(TokenFormat.DEFAULT_MAX_TOKEN_LENGTH)))
        .isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\u0000", "é", "\u200b", "+", "/", "=", "\n", "%", "\uD83D\uDE00"})
  void verifyWhenTokenHasACharacterOutsideBase64UrlThenMalformed(String bad) {
    String token = h.mintActive().token();
    int mid = token.indexOf('.') + 5;
    String withBad = token.substring(0, mid) + bad + token.substring(mid);
    String replaced = token.substring(0, mid) + bad + token.substring(mid + 1);

    assertThat(h.reasonFor(withBad)).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(replaced)).isEqualTo(Reason.MALFORMED);
    assertThat(h.verifier.verify(token).subject()).isEqualTo("user-1");
  }

  @Test
  void verifyWhenSignatureHasBase64PaddingThenMalformed() {
    String token = h.mintActive().token();

    assertThat(h.reasonFor(token + "=")).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(token + "==")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void verifyWhenTokenHasTwoFourOrFiveSegmentsThenMalformed() {
    String[] s = Tokens.segments(h.mintActive().token());
    String p = TokenFormat.PREFIX;

    assertThat(h.reasonFor(p + s[0] + "." + s[1])).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(p + s[0] + "." + s[1] + "." + s[2] + "." + s[2]))
        .isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(p + s[0] + ".AAAA." + s[1] + "." + s[2] + ".AAAA"))
        .isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(p + s[0] + "." + s[1] + "." + s[2] + ".")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void verifyWhenASegmentIsEmptyThenMalformed() {
    String[] s = Tokens.segments(h.mintActive().token());
    String p = TokenFormat.PREFIX;

    assertThat(h.reasonFor(p + "." + s[1] + "." + s[2])).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(p + s[0] + ".." + s[2])).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(p + s[0] + "." + s[1] + ".")).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(p + "..")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void verifyWhenPrefixIsMissingOrDifferentThenMalformedOrMissing() {
    String jws = Tokens.jws(h.mintActive().token());

    assertThat(h.reasonFor(jws)).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor("DZ_" + jws)).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor("Bearer dz_" + jws)).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor("")).isEqualTo(Reason.MISSING_TOKEN);
    assertThat(h.reasonFor(null)).isEqualTo(Reason.MISSING_TOKEN);
  }

  @Test
  void verifyWhenHeaderOrPayloadIsNotAJsonObjectThenMalformed() {
    String[] s = Tokens.segments(h.mintActive().token());
    String p = TokenFormat.PREFIX;

    assertThat(h.reasonFor(p + Tokens.b64("[1,2]") + "." + s[1] + "." + s[2]))
        .isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(p + Tokens.b64("{\"alg\":") + "." + s[1] + "." + s[2]))
        .isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(p + "AAAA." + s[1] + "." + s[2])).isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(Tokens.signRaw(ours, Tokens.json(Tokens.header(ours)), "\"a string\"")))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void verifyWhenHeaderHasADuplicateMemberThenMalformed() {
    String header =
        "{\"alg\":\"ES256\",\"typ\":\"dz-api+jwt\",\"kid\":\"" + ours.id() + "\",\"alg\":\"none\"}";

    assertThat(h.reasonFor(Tokens.signRaw(ours, header, Tokens.json(h.activeClaims()))))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void verifyWhenPayloadIsDeeplyNestedWithinTheLengthBoundThenMalformed() {
    // Signed with our key, so the nesting is the only thing wrong with it.
    String claims = Tokens.json(h.activeClaims());
    int depth = 1200;
    String nested =
        claims.substring(0, claims.length() - 1)
            + ",\"deep\":"
            + "[".repeat(depth)
            + "]".repeat(depth)
            + "}";
    String token = Tokens.signRaw(ours, Tokens.json(Tokens.header(ours)), nested);

    assertThat(token.length()).isLessThanOrEqualTo(TokenFormat.DEFAULT_MAX_TOKEN_LENGTH);
    assertThat(h.reasonFor(token)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void verifyWhenHeaderIsDeeplyNestedThenMalformedWithoutSignatureWork() {
    int depth = 1400;
    String header = "{\"alg\":\"ES256\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    String token = TokenFormat.PREFIX + Tokens.b64(header) + ".e30.AAAA";

    assertThat(token.length()).isLessThanOrEqualTo(TokenFormat.DEFAULT_MAX_TOKEN_LENGTH);
    assertThat(h.reasonFor(token)).isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\t", "\n", "null"})
  void verifyWhenHeaderOrPayloadIsBlankOrNullJsonThenMalformedNotANullPointer(String json) {
    // Fuzzing finding: Nimbus parses a blank segment to null, which reached the header check as an
    // NPE.
    String token = h.mintActive().token();
    String[] s = Tokens.segments(token);
    String p = TokenFormat.PREFIX;

    assertThat(h.reasonFor(p + Tokens.b64(json) + "." + s[1] + "." + s[2]))
        .isEqualTo(Reason.MALFORMED);
    assertThat(h.reasonFor(Tokens.signRaw(ours, Tokens.json(Tokens.header(ours)), json)))
        .isEqualTo(Reason.MALFORMED);
  }
}
