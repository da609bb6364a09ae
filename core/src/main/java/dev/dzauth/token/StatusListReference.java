package dev.dzauth.token;

import java.util.Objects;

/**
 * A token's {@code status} claim (draft-ietf-oauth-status-list-20, "Referenced Token"): {@code
 * {"status_list": {"idx": idx, "uri": uri}}}, the index of the token's status in the Status List
 * Token served at {@code uri}. Immutable.
 *
 * @param uri the Status List Token's URI (1 to 2048 characters)
 * @param idx the token's index in that list, from 0
 */
public record StatusListReference(String uri, int idx) {

  /** The longest {@code uri} accepted. */
  public static final int MAX_URI_LENGTH = 2048;

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when {@code uri} is blank or too long, or {@code idx} is
   *     negative
   */
  public StatusListReference {
    Objects.requireNonNull(uri, "uri");
    if (uri.isBlank() || uri.length() > MAX_URI_LENGTH) {
      throw new IllegalArgumentException("uri must be 1 to " + MAX_URI_LENGTH + " characters");
    }
    if (idx < 0) {
      throw new IllegalArgumentException("idx must not be negative, got " + idx);
    }
  }
}
