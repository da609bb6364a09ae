package dev.dzauth.testing;

import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token states for tests, owned by {@code user-1} of {@code biz-1} (what {@link Tokens} and the
 * test harnesses mint). {@link #next} hands out increasing versions, so each state it makes is
 * newer than every earlier one.
 */
public final class States {

  private static final AtomicLong VERSIONS = new AtomicLong();

  private States() {}

  /** {@code tokenId} in {@code status}, at a version newer than any made before. */
  public static VersionedStatus next(String tokenId, TokenStatus status) {
    return of(tokenId, status, VERSIONS.incrementAndGet());
  }

  /** {@code tokenId} in {@code status} at {@code version}. */
  public static VersionedStatus of(String tokenId, TokenStatus status, long version) {
    return VersionedStatus.of(tokenId, status, version, "user-1", "biz-1");
  }
}
