package dev.dzauth.status;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A store's answer for one {@code jti}: the token's status, the version of that status, and the
 * record it belongs to (absent when the token is {@link TokenStatus#UNKNOWN unknown}).
 *
 * <p>The {@code version} orders answers: it is the status feed's sequence of the change that put
 * the record in this status ({@link StatusChange#sequence()}), or 0 for a record whose status never
 * changed since it was created. Of two answers for one {@code jti}, the one with the higher version
 * is the newer; a status cache never replaces an answer with one of a lower version.
 *
 * @param tokenId the record's id, or {@code null} when unknown
 * @param status the status
 * @param version the feed sequence of the record's last status change; 0 when none
 * @param subject the record's owner, or {@code null} when unknown
 * @param businessId the record's business, or {@code null} when unknown
 * @param notAfter when the store ends the token early (a roll's grace period: the token is refused
 *     from then on, whatever its {@code exp}), or {@code null}
 */
public record VersionedStatus(
    @Nullable String tokenId,
    TokenStatus status,
    long version,
    @Nullable String subject,
    @Nullable String businessId,
    @Nullable Instant notAfter) {

  private static final VersionedStatus UNKNOWN =
      new VersionedStatus(null, TokenStatus.UNKNOWN, 0, null, null, null);

  public VersionedStatus {
    Objects.requireNonNull(status, "status");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative, got " + version);
    }
    boolean known = status != TokenStatus.UNKNOWN;
    if (known && (tokenId == null || subject == null || businessId == null)) {
      throw new IllegalArgumentException(
          "a known token state needs its token id, subject and business");
    }
    if (!known
        && (tokenId != null
            || subject != null
            || businessId != null
            || notAfter != null
            || version != 0)) {
      throw new IllegalArgumentException("an unknown token state has no record and version 0");
    }
  }

  /** The answer for a {@code jti} the store has no record of. */
  public static VersionedStatus unknown() {
    return UNKNOWN;
  }

  /** A known token's state, not ended early. */
  public static VersionedStatus of(
      String tokenId, TokenStatus status, long version, String subject, String businessId) {
    return of(tokenId, status, version, subject, businessId, null);
  }

  /** A known token's state, ended early at {@code notAfter} when that is not null. */
  public static VersionedStatus of(
      String tokenId,
      TokenStatus status,
      long version,
      String subject,
      String businessId,
      @Nullable Instant notAfter) {
    return new VersionedStatus(
        Objects.requireNonNull(tokenId, "tokenId"),
        status,
        version,
        Objects.requireNonNull(subject, "subject"),
        Objects.requireNonNull(businessId, "businessId"),
        notAfter);
  }

  /** Whether the store ended the token early and {@code nowMillis} is at or past that end. */
  public boolean endedAt(long nowMillis) {
    Instant end = notAfter;
    return end != null && nowMillis >= end.toEpochMilli();
  }

  /** This record as the feed entry {@code change} left it. */
  VersionedStatus changedBy(StatusChange change) {
    return new VersionedStatus(
        tokenId, change.status(), change.sequence(), subject, businessId, change.notAfter());
  }
}
