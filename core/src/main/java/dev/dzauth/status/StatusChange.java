package dev.dzauth.status;

import java.util.Objects;

/**
 * One entry of a store's status feed: the record {@code tokenId} (token {@code jti}) changed to
 * {@code status}.
 *
 * @param sequence the entry's position: gap-free and strictly increasing across the store, in
 *     commit order; also the {@link VersionedStatus#version()} of the status it set
 * @param jti the token's jti
 * @param tokenId the token's record id
 * @param status the status it changed to
 */
public record StatusChange(long sequence, String jti, String tokenId, TokenStatus status) {
  public StatusChange {
    if (sequence < 1) {
      throw new IllegalArgumentException("a feed sequence starts at 1, got " + sequence);
    }
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(status, "status");
  }
}
