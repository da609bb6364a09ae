package dev.dzauth.status;

/**
 * A writable Status List, laid out exactly as {@link StatusList} (draft-ietf-oauth-status-list-20):
 * what an issuer fills with {@link #set} and publishes through {@link #snapshot()} or {@link
 * #encode()}. Not thread-safe: guard it, and hand readers {@linkplain #snapshot() snapshots}.
 */
public final class MutableStatusList {

  private final int bits;
  private final int mask;
  private final int size;
  private final byte[] bytes;

  private MutableStatusList(int bits, byte[] bytes) {
    this.bits = StatusList.checkBits(bits);
    this.mask = (1 << bits) - 1;
    this.size = bytes.length * (8 / bits);
    this.bytes = bytes;
  }

  /**
   * A list of at least {@code capacity} entries of {@code bits} bits, every one 0 (valid). The byte
   * array is rounded up to whole bytes, so {@link #size()} may exceed {@code capacity}.
   *
   * @throws IllegalArgumentException unless {@code bits} is 1, 2, 4 or 8 and the array is 1 to
   *     {@link StatusList#MAX_BYTES} bytes
   */
  public MutableStatusList(int bits, int capacity) {
    this(bits, new byte[byteLength(bits, capacity)]);
  }

  static MutableStatusList wrap(int bits, byte[] bytes) {
    return new MutableStatusList(bits, bytes);
  }

  private static int byteLength(int bits, int capacity) {
    StatusList.checkBits(bits);
    long length = ((long) capacity * bits + 7) / 8;
    if (capacity < 1 || length > StatusList.MAX_BYTES) {
      throw new IllegalArgumentException(
          "a status list has 1 to "
              + (long) StatusList.MAX_BYTES * 8 / bits
              + " entries of "
              + bits
              + " bits, asked for "
              + capacity);
    }
    return (int) length;
  }

  /** The number of bits per entry: 1, 2, 4 or 8. */
  public int bits() {
    return bits;
  }

  /** The number of entries. */
  public int size() {
    return size;
  }

  /**
   * The status at {@code idx}.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= idx < size()}
   */
  public int get(int idx) {
    checkIndex(idx);
    return StatusList.read(bytes, bits, mask, idx);
  }

  /**
   * Sets the status at {@code idx} to {@code value}; the other entries keep theirs.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= idx < size()}
   * @throws IllegalArgumentException unless {@code 0 <= value < 2^bits}
   */
  public MutableStatusList set(int idx, int value) {
    checkIndex(idx);
    if (value < 0 || value > mask) {
      throw new IllegalArgumentException(
          "status " + value + " does not fit in " + bits + " bit" + (bits == 1 ? "" : "s"));
    }
    StatusList.write(bytes, bits, idx, value);
    return this;
  }

  /** An immutable copy of the list as it is now. */
  public StatusList snapshot() {
    return StatusList.wrap(bits, bytes.clone());
  }

  /** The draft's {@code lst} of the list as it is now (see {@link StatusList#encode()}). */
  public String encode() {
    return StatusList.encode(bytes);
  }

  private void checkIndex(int idx) {
    if (idx < 0 || idx >= size) {
      throw new IndexOutOfBoundsException("index " + idx + " outside a list of " + size);
    }
  }

  @Override
  public String toString() {
    return "MutableStatusList{bits=" + bits + ", size=" + size + "}";
  }
}
