package dev.dzauth.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Status List codec against every example list of draft-ietf-oauth-status-list-20: the two
 * byte-array examples of section "Compressed Byte Array" (with their JSON encodings) and the four
 * lists of section "Test vectors for Status List encoding" (bits 1, 2, 4, 8; 2^20 entries each).
 */
class StatusListTests {

  private static final int MIB = 1 << 20;

  // --- the examples of section "Compressed Byte Array" / "Status List in JSON Format"

  @Test
  void theOneBitExampleDecodesToTheDraftsBytesAndStatuses() {
    StatusList list = StatusList.decode("eNrbuRgAAhcBXQ", 1, MIB);

    assertThat(list.toByteArray()).containsExactly(0xB9, 0xA3);
    int[] expected = {1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};
    assertThat(list.size()).isEqualTo(16);
    for (int i = 0; i < expected.length; i++) {
      assertThat(list.get(i)).as("status[%d]", i).isEqualTo(expected[i]);
    }
  }

  @Test
  void theOneBitExampleEncodesToTheDraftsCompressedArrayAndLst() {
    MutableStatusList list = new MutableStatusList(1, 16);
    int[] statuses = {1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};
    for (int i = 0; i < statuses.length; i++) {
      list.set(i, statuses[i]);
    }

    assertThat(list.snapshot().toByteArray()).containsExactly(0xB9, 0xA3);
    assertThat(hex(Base64.getUrlDecoder().decode(list.encode()))).isEqualTo("78dadbb918000217015d");
    assertThat(list.encode()).isEqualTo("eNrbuRgAAhcBXQ");
  }

  @Test
  void theTwoBitExampleDecodesToTheDraftsBytesAndStatuses() {
    StatusList list = StatusList.decode("eNo76fITAAPfAgc", 2, MIB);

    assertThat(list.toByteArray()).containsExactly(0xC9, 0x44, 0xF9);
    int[] expected = {1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3};
    assertThat(list.size()).isEqualTo(12);
    for (int i = 0; i < expected.length; i++) {
      assertThat(list.get(i)).as("status[%d]", i).isEqualTo(expected[i]);
    }
  }

  @Test
  void theTwoBitExampleEncodesToTheDraftsCompressedArrayAndLst() {
    MutableStatusList list = new MutableStatusList(2, 12);
    int[] statuses = {1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3};
    for (int i = 0; i < statuses.length; i++) {
      list.set(i, statuses[i]);
    }

    assertThat(list.snapshot().toByteArray()).containsExactly(0xC9, 0x44, 0xF9);
    assertThat(hex(Base64.getUrlDecoder().decode(list.encode())))
        .isEqualTo("78da3be9f2130003df0207");
    assertThat(list.encode()).isEqualTo("eNo76fITAAPfAgc");
  }

  // --- section "Test vectors for Status List encoding"

  @ParameterizedTest(name = "bits={0}")
  @ValueSource(ints = {1, 2, 4, 8})
  void eachTestVectorDecodesToExactlyItsListedStatuses(int bits) throws IOException {
    Vector v = vectors().get(bits);

    StatusList list = StatusList.decode(v.lst, bits, 8 * MIB);

    assertThat(list.size()).isEqualTo(1 << 20);
    assertThat(list.bits()).isEqualTo(bits);
    int nonZero = 0;
    for (int i = 0; i < list.size(); i++) {
      int expected = v.statuses.getOrDefault(i, 0);
      if (list.get(i) != expected) {
        throw new AssertionError("status[" + i + "] is " + list.get(i) + ", not " + expected);
      }
      nonZero += list.get(i) == 0 ? 0 : 1;
    }
    assertThat(nonZero)
        .isEqualTo((int) v.statuses.values().stream().filter(s -> s != 0).count())
        .isPositive();
  }

  @ParameterizedTest(name = "bits={0}")
  @ValueSource(ints = {1, 2, 4, 8})
  void eachTestVectorIsWhatSettingItsStatusesEncodesTo(int bits) throws IOException {
    Vector v = vectors().get(bits);
    MutableStatusList list = new MutableStatusList(bits, 1 << 20);
    v.statuses.forEach(list::set);

    String lst = list.encode();

    assertThat(StatusList.decode(lst, bits, 8 * MIB)).isEqualTo(list.snapshot());
    // zlib at level 9 writes the draft's bytes (the draft's generator uses zlib too).
    assertThat(lst).isEqualTo(v.lst);
  }

  // --- layout, bounds and values

  @ParameterizedTest(name = "bits={0}")
  @ValueSource(ints = {1, 2, 4, 8})
  void setChangesOnlyItsEntryAtTheDraftsBitPosition(int bits) {
    MutableStatusList list = new MutableStatusList(bits, 64);
    int max = (1 << bits) - 1;
    list.set(5, max);
    byte[] bytes = list.snapshot().toByteArray();
    int bit = 5 * bits;
    assertThat(bytes[bit / 8] & 0xFF).isEqualTo(max << (bit % 8));
    for (int i = 0; i < list.size(); i++) {
      assertThat(list.get(i)).isEqualTo(i == 5 ? max : 0);
    }
    list.set(5, 0);
    assertThat(list.snapshot().toByteArray()).containsOnly(0);
  }

  @Test
  void sizeIsRoundedUpToWholeBytes() {
    assertThat(new MutableStatusList(1, 9).size()).isEqualTo(16);
    assertThat(new MutableStatusList(2, 5).size()).isEqualTo(8);
    assertThat(new MutableStatusList(8, 3).size()).isEqualTo(3);
  }

  @Test
  void valuesAndIndexesOutOfRangeAreRefused() {
    MutableStatusList list = new MutableStatusList(2, 8);
    assertThatThrownBy(() -> list.set(0, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> list.set(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> list.set(8, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    StatusList frozen = list.snapshot();
    assertThatThrownBy(() -> frozen.get(8)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(frozen.contains(7)).isTrue();
    assertThat(frozen.contains(8)).isFalse();
    assertThat(frozen.contains(-1)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 5, 16, -1})
  void bitsOtherThanOneTwoFourEightAreRefused(int bits) {
    assertThatThrownBy(() -> new MutableStatusList(bits, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusList.decode("eNrbuRgAAhcBXQ", bits, MIB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bits");
  }

  @Test
  void aSnapshotDoesNotChangeWithItsSource() {
    MutableStatusList list = new MutableStatusList(1, 8);
    StatusList before = list.snapshot();
    list.set(0, 1);
    assertThat(before.get(0)).isZero();
    assertThat(list.snapshot().get(0)).isEqualTo(1);
    StatusList copy = StatusList.of(1, new byte[] {1});
    assertThat(copy.toMutable().set(0, 0).get(0)).isZero();
    assertThat(copy.get(0)).isEqualTo(1);
  }

  // --- hostile input

  @Test
  void aZipBombFailsFastAtTheBoundWithoutInflatingFurther() {
    // 64 MiB of zeros compress to ~64 KiB; the bound is 1 MiB.
    String bomb = zlib(new byte[64 * MIB]);
    assertThat(bomb.length()).isLessThan(100_000);

    long start = System.nanoTime();
    assertThatThrownBy(() -> StatusList.decode(bomb, 1, MIB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status list inflates to more than 1048576 bytes");
    // Inflating stops at the bound: far less work than 64 MiB (a generous limit for slow CI).
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void aListOfExactlyTheBoundDecodes() {
    String lst = zlib(new byte[4096]);
    assertThat(StatusList.decode(lst, 8, 4096).size()).isEqualTo(4096);
    assertThatThrownBy(() -> StatusList.decode(lst, 8, 4095))
        .hasMessageContaining("more than 4095 bytes");
  }

  @Test
  void malformedEncodingsAreRefusedWithoutQuotingThem() {
    byte[] stream = Base64.getUrlDecoder().decode("eNrbuRgAAhcBXQ");
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("padded", "eNrbuRgAAhcBXQ==");
    cases.put("not base64url", "eNrbuRgA+hcBXQ");
    cases.put("whitespace", "eNrbuRgA AhcBXQ");
    cases.put("truncated", b64(java.util.Arrays.copyOf(stream, stream.length - 3)));
    cases.put("trailing bytes", b64(concat(stream, new byte[] {0})));
    byte[] badChecksum = stream.clone();
    badChecksum[badChecksum.length - 1] ^= 1;
    cases.put("bad adler32", b64(badChecksum));
    cases.put("raw deflate", rawDeflate(new byte[] {(byte) 0xB9, (byte) 0xA3}));
    cases.put("gzip", gzip(new byte[] {(byte) 0xB9, (byte) 0xA3}));
    cases.put("empty list", zlib(new byte[0]));
    cases.put("empty", "");
    cases.put("preset dictionary", zlibWithDictionary(new byte[] {1, 2, 3}));
    cases.forEach(
        (what, lst) ->
            assertThatThrownBy(() -> StatusList.decode(lst, 1, MIB))
                .as(what)
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(
                    e -> assertThat(e.getMessage()).doesNotContain(lst.isEmpty() ? "\0" : lst)));
  }

  @Test
  void boundsOfDecodeAreChecked() {
    assertThatThrownBy(() -> StatusList.decode("eNrbuRgAAhcBXQ", 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusList.decode("eNrbuRgAAhcBXQ", 1, StatusList.MAX_BYTES + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MutableStatusList(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MutableStatusList(8, StatusList.MAX_BYTES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- helpers

  private record Vector(String lst, Map<Integer, Integer> statuses) {}

  private static Map<Integer, Vector> vectors() throws IOException {
    Map<Integer, Vector> out = new LinkedHashMap<>();
    try (InputStream in =
        StatusListTests.class.getResourceAsStream(
            "draft-ietf-oauth-status-list-20-test-vectors.txt")) {
      if (in == null) {
        throw new IOException("test vectors missing");
      }
      List<String> lines =
          new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      int bits = 0;
      String lst = "";
      Map<Integer, Integer> statuses = new LinkedHashMap<>();
      lines.add("");
      for (String line : lines) {
        if (line.startsWith("#")) {
          continue;
        }
        if (line.isBlank()) {
          if (bits != 0) {
            out.put(bits, new Vector(lst, statuses));
          }
          bits = 0;
          statuses = new LinkedHashMap<>();
        } else if (line.startsWith("bits=")) {
          bits = Integer.parseInt(line.substring(5));
        } else if (line.startsWith("lst=")) {
          lst = line.substring(4);
        } else {
          String[] kv = line.split("=");
          statuses.put(Integer.parseInt(kv[0]), Integer.parseInt(kv[1]));
        }
      }
    }
    assertThat(out).containsOnlyKeys(1, 2, 4, 8);
    assertThat(out.get(8).statuses).hasSize(256);
    return out;
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String zlib(byte[] data) {
    return deflate(data, false, null);
  }

  private static String rawDeflate(byte[] data) {
    return deflate(data, true, null);
  }

  private static String zlibWithDictionary(byte[] data) {
    return deflate(data, false, new byte[] {9, 9, 9, 9});
  }

  private static String deflate(byte[] data, boolean raw, byte[] dictionary) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, raw);
    try {
      if (dictionary != null) {
        d.setDictionary(dictionary);
      }
      d.setInput(data);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return b64(out.toByteArray());
    } finally {
      d.end();
    }
  }

  private static String gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b64(out.toByteArray());
  }
}
