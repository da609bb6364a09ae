package dev.dzauth.status;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a store's status feed: the record {@code tokenId} (token {@code jti}) changed to
 * {@code status}, as it is in effect (owner-level changes included).
 *
 * @param sequence the entry's position: gap-free and strictly increasing across the store, in
 *     commit order; also the {@link VersionedStatus#version()} of the status it set
 * @param jti the token's jti
 * @param tokenId the token's record id
 * @param status the status it changed to
 * @param notAfter when the store ends the token early (a roll's grace period), or {@code null}
 */
public record StatusChange(
    long sequence, String jti, String tokenId, TokenStatus status, @Nullable Instant notAfter)
    implements FeedEntry {
  public StatusChange {
    if (sequence < 1) {
      throw new IllegalArgumentException("a feed sequence starts at 1, got " + sequence);
    }
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(status, "status");
  }
}
