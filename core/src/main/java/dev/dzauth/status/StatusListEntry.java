package dev.dzauth.status;

import java.util.Objects;

/**
 * Where one token's status lives in its issuer's Token Status Lists: index {@code index} of list
 * number {@code list}. The token carries it as its {@code status.status_list} claim ({@code idx}
 * and the list's {@code uri}), so a verifier can find the token's status without the issuer's
 * store. Immutable.
 *
 * @param jti the token's {@code jti}
 * @param list the list's number, from 1
 * @param index the token's index in the list, from 0 (the draft's {@code idx})
 */
public record StatusListEntry(String jti, int list, int index) {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when {@code list} is below 1 or {@code index} below 0
   */
  public StatusListEntry {
    Objects.requireNonNull(jti, "jti");
    if (list < 1) {
      throw new IllegalArgumentException("a status list number starts at 1, got " + list);
    }
    if (index < 0) {
      throw new IllegalArgumentException("a status list index is not negative, got " + index);
    }
  }

  /**
   * The entry's place in allocation order: {@code list × 2^32 + index}, strictly increasing with
   * every allocation. What pages of entries are ordered and continued by.
   */
  public long position() {
    return position(list, index);
  }

  /** The {@link #position()} of index {@code index} of list {@code list}. */
  public static long position(int list, int index) {
    return ((long) list << 32) | (index & 0xFFFF_FFFFL);
  }
}
