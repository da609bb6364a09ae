package dev.dzauth.status;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An immutable Status List of the IETF Token Status List (draft-ietf-oauth-status-list-20, section
 * "Status List"): one status of {@code bits} ∈ {1, 2, 4, 8} bits per index, packed into a byte
 * array. The status of index {@code i} is the {@code bits} bits starting at bit {@code (i × bits)
 * mod 8} of byte {@code ⌊i × bits / 8⌋}, counted from the least significant bit. Thread-safe;
 * {@link #get} reads the array and allocates nothing.
 *
 * <p>{@link #encode()} writes the draft's {@code lst}: the bytes compressed with DEFLATE in the
 * ZLIB format (RFC 1951, RFC 1950) at the highest level, then base64url without padding. {@link
 * #decode} reads it back and refuses, before it allocates more, a list that inflates to more than
 * the bound it is given (a zip bomb fails fast with an {@link IllegalArgumentException}).
 *
 * <p>Pure JDK. {@link MutableStatusList} is the writable counterpart an issuer fills.
 */
public final class StatusList {

  /** The largest byte array a Status List may have here (128 MiB: 2^30 entries of one bit). */
  public static final int MAX_BYTES = 1 << 27;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

  private final int bits;
  private final int mask;
  private final int size;
  private final byte[] bytes;

  /** Takes {@code bytes} without copying: callers hand over an array nobody else writes. */
  private StatusList(int bits, byte[] bytes) {
    this.bits = checkBits(bits);
    if (bytes.length == 0 || bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a status list has 1 to " + MAX_BYTES + " bytes, got " + bytes.length);
    }
    this.mask = (1 << bits) - 1;
    this.size = bytes.length * (8 / bits);
    this.bytes = bytes;
  }

  /** A list of {@code bits} bits per entry over a copy of {@code bytes} (1 to MAX_BYTES bytes). */
  public static StatusList of(int bits, byte[] bytes) {
    return new StatusList(bits, bytes.clone());
  }

  static StatusList wrap(int bits, byte[] bytes) {
    return new StatusList(bits, bytes);
  }

  /**
   * Decodes the draft's {@code lst}: base64url without padding of a ZLIB stream (RFC 1950) holding
   * the byte array.
   *
   * @param lst the {@code lst} member of a Status List
   * @param bits its {@code bits} member: 1, 2, 4 or 8
   * @param maxBytes the most bytes the list may inflate to (1 to {@link #MAX_BYTES}); inflating
   *     stops as soon as one byte more comes out
   * @throws IllegalArgumentException when {@code lst} is not such an encoding (padding, characters
   *     outside base64url, not ZLIB, a preset dictionary, a bad checksum, bytes after the stream,
   *     an empty list) or inflates to more than {@code maxBytes}; the message never quotes {@code
   *     lst}
   */
  public static StatusList decode(String lst, int bits, int maxBytes) {
    checkBits(bits);
    if (maxBytes < 1 || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes must be 1 to " + MAX_BYTES + ", got " + maxBytes);
    }
    if (lst.indexOf('=') >= 0) {
      throw new IllegalArgumentException("lst is padded base64url");
    }
    byte[] compressed;
    try {
      compressed = BASE64URL_DECODER.decode(lst);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("lst is not base64url", e);
    }
    return new StatusList(bits, inflate(compressed, maxBytes));
  }

  /** The number of bits per entry: 1, 2, 4 or 8. */
  public int bits() {
    return bits;
  }

  /** The number of entries: the byte array's length times {@code 8 / bits}. */
  public int size() {
    return size;
  }

  /**
   * The status at {@code idx}, from 0 to {@code 2^bits - 1}.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= idx < size()}
   */
  public int get(int idx) {
    if (idx < 0 || idx >= size) {
      throw new IndexOutOfBoundsException("index " + idx + " outside a list of " + size);
    }
    return read(bytes, bits, mask, idx);
  }

  /** Whether {@code idx} is an index of this list. */
  public boolean contains(int idx) {
    return idx >= 0 && idx < size;
  }

  /** The draft's {@code lst} of this list: ZLIB (highest compression), base64url, no padding. */
  public String encode() {
    return encode(bytes);
  }

  /** A copy of the byte array. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** A writable copy. */
  public MutableStatusList toMutable() {
    return MutableStatusList.wrap(bits, bytes.clone());
  }

  /** Equal when {@code bits} and the byte arrays are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof StatusList l && bits == l.bits && Arrays.equals(bytes, l.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * bits + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "StatusList{bits=" + bits + ", size=" + size + "}";
  }

  static int checkBits(int bits) {
    if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
      throw new IllegalArgumentException("bits must be 1, 2, 4 or 8, got " + bits);
    }
    return bits;
  }

  static int read(byte[] bytes, int bits, int mask, int idx) {
    long bit = (long) idx * bits;
    return (bytes[(int) (bit >>> 3)] >>> (int) (bit & 7)) & mask;
  }

  static void write(byte[] bytes, int bits, int idx, int value) {
    long bit = (long) idx * bits;
    int at = (int) (bit >>> 3);
    int shift = (int) (bit & 7);
    int mask = ((1 << bits) - 1) << shift;
    bytes[at] = (byte) ((bytes[at] & ~mask) | ((value << shift) & mask));
  }

  static String encode(byte[] bytes) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 64));
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        out.write(buffer, 0, n);
      }
      return BASE64URL.encodeToString(out.toByteArray());
    } finally {
      deflater.end();
    }
  }

  /** Inflates a ZLIB stream into at most {@code maxBytes} bytes, all of the input consumed. */
  private static byte[] inflate(byte[] compressed, int maxBytes) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed);
      // DEFLATE expands by at most 1032:1; start small and grow, never past the bound.
      byte[] out = new byte[(int) Math.min(maxBytes, Math.max(256L, compressed.length * 8L))];
      int length = 0;
      int idle = 0;
      while (!inflater.finished()) {
        if (length == out.length) {
          if (length == maxBytes) {
            if (inflater.inflate(new byte[1]) > 0) {
              throw new IllegalArgumentException(
                  "status list inflates to more than " + maxBytes + " bytes");
            }
            checkProgress(inflater, ++idle);
            continue;
          }
          out = Arrays.copyOf(out, (int) Math.min(maxBytes, 2L * out.length));
        }
        int n = inflater.inflate(out, length, out.length - length);
        if (n > 0) {
          length += n;
          idle = 0;
        } else if (!inflater.finished()) {
          checkProgress(inflater, ++idle);
        }
      }
      if (inflater.getRemaining() > 0) {
        throw new IllegalArgumentException("lst has bytes after its ZLIB stream");
      }
      return length == out.length ? out : Arrays.copyOf(out, length);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("lst is not a valid ZLIB stream: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static void checkProgress(Inflater inflater, int idle) {
    if (inflater.needsDictionary()) {
      throw new IllegalArgumentException("lst needs a preset dictionary");
    }
    if (inflater.needsInput()) {
      throw new IllegalArgumentException("lst ends inside its ZLIB stream");
    }
    if (idle > 64) {
      throw new IllegalArgumentException("lst is not a valid ZLIB stream (no progress)");
    }
  }
}
