package dev.dzauth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dzauth.DzAuthException;
import dev.dzauth.store.SortField;
import dev.dzauth.store.TokenStore.Position;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Coverage-guided fuzzing of {@link CursorCodec#decode}: any cursor text either decodes to a
 * position or is a 422 {@code value_error} ({@code INVALID_REQUEST}); nothing else escapes.
 *
 * <p>Three shapes, chosen by the first byte: raw cursor text; a valid cursor with fuzzer-chosen
 * bytes flipped (the MAC must catch every change); and a payload the fuzzer writes, authenticated
 * with the codec's own secret, so that the parsing behind the MAC is reached too. Campaign: {@code
 * hardening/fuzz.sh core CursorCodecFuzzTests 5m}.
 */
final class CursorCodecFuzzTests {

  @FuzzTest(maxDuration = "2m")
  void cursorDecoderAnswersEveryInputWithAPositionOrA422(FuzzedDataProvider data) {
    Target.run(data);
  }

  /** Loaded on the first input (see TokenVerifierFuzzTests: Jazzer and early-loaded records). */
  private static final class Target {

    private static final byte[] SECRET =
        "cursor-fuzz-secret-0123456789abc".getBytes(StandardCharsets.US_ASCII);
    private static final CursorCodec CODEC = new CursorCodec(SECRET);
    private static final Caller CALLER = new Caller("alice", "biz", Set.of("tokens:read"));

    static void run(FuzzedDataProvider data) {
      SortField sort = data.pickValue(SortField.values());
      ListQuery query =
          new ListQuery(data.consumeBoolean(), null, 50, false, false, sort, data.consumeBoolean());
      int shape = data.consumeInt(0, 2);
      String cursor;
      if (shape == 0) {
        cursor = data.consumeRemainingAsString();
      } else if (shape == 1) {
        Position at =
            new Position(
                sort == SortField.NAME ? (Comparable<?>) "name" : java.time.Instant.EPOCH, "id-1");
        byte[] raw = Base64.getUrlDecoder().decode(CODEC.encode(CALLER, query, at));
        byte[] flipped = raw.clone();
        while (data.remainingBytes() >= 5) {
          int i = data.consumeInt(0, flipped.length - 1);
          flipped[i] ^= data.consumeByte();
        }
        cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
        if (!Arrays.equals(raw, flipped)) {
          assertThat(decode(query, cursor)).as("an altered cursor decodes").isNull();
          return;
        }
      } else {
        byte[] payload = data.consumeRemainingAsBytes();
        byte[] all = Arrays.copyOf(payload, payload.length + 16);
        System.arraycopy(mac(payload), 0, all, payload.length, 16);
        cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(all);
      }
      Position p = decode(query, cursor);
      if (p != null) {
        assertThat(p.id()).isNotNull();
        assertThat(p.key())
            .isInstanceOf(sort == SortField.NAME ? String.class : java.time.Instant.class);
      }
    }

    private static Position decode(ListQuery query, String cursor) {
      try {
        return CODEC.decode(CALLER, query, cursor);
      } catch (DzAuthException e) {
        assertThat(e.reason()).isEqualTo(DzAuthException.Reason.INVALID_REQUEST);
        assertThat(e.violations())
            .singleElement()
            .satisfies(v -> assertThat(v.location()).containsExactly("query", "cursor"));
        return null;
      }
    }

    private static byte[] mac(byte[] payload) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(payload), 16);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
