package dev.dzauth.store;

import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.TokenStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One lifecycle event, written by the store in the same transaction as the change it records, so a
 * crash can neither lose one nor invent one. Its {@code id} is stable: a listener that is called
 * twice for one event (delivery is at least once) sees the same id.
 *
 * @param id the event's id: a version 7 UUID, so ids made by one process sort in the order they
 *     were made (events of one time sort by id)
 * @param type what happened
 * @param occurredAt when
 * @param tokenId the token, or {@code null} for an owner-level event
 * @param jti the token's jti, or {@code null} for an owner-level event
 * @param businessId the business
 * @param subject the token's owner, or the owner-level change's subject; {@code null} for a change
 *     of a whole business
 * @param actor who made the change, or {@code null} (the system, for expiry warnings)
 * @param reason the reason given, or for {@link Type#EXPIRING_SOON} the lead time (ISO-8601), for
 *     {@link Type#ROLLED} the successor's id; {@code null} otherwise
 * @param clientIp the client's address as the adapter saw it, or {@code null}
 * @param userAgent the request's user agent, or {@code null}
 * @param attempts failed delivery attempts so far
 */
public record TokenEvent(
    String id,
    Type type,
    Instant occurredAt,
    @Nullable String tokenId,
    @Nullable String jti,
    String businessId,
    @Nullable String subject,
    @Nullable String actor,
    @Nullable String reason,
    @Nullable String clientIp,
    @Nullable String userAgent,
    int attempts) {

  public TokenEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(businessId, "businessId");
  }

  /** A new event of {@code type} on {@code record}, made at {@code at} by {@code origin}. */
  public static TokenEvent of(
      Type type, Instant at, TokenRecord record, ChangeOrigin origin, @Nullable String reason) {
    return new TokenEvent(
        newId(),
        type,
        at,
        record.id(),
        record.jti(),
        record.businessId(),
        record.subject(),
        origin.actor(),
        reason,
        origin.clientIp(),
        origin.userAgent(),
        0);
  }

  /** The event of an owner-level change, made by {@code origin}. */
  public static TokenEvent of(OwnerChange change, ChangeOrigin origin) {
    Type type =
        switch (change.action()) {
          case REVOKE -> Type.OWNER_REVOKED;
          case SUSPEND -> Type.OWNER_SUSPENDED;
          case ACTIVATE -> Type.OWNER_ACTIVATED;
        };
    return new TokenEvent(
        newId(),
        type,
        change.at(),
        null,
        null,
        change.scope().businessId(),
        change.scope().subject(),
        origin.actor(),
        change.reason(),
        origin.clientIp(),
        origin.userAgent(),
        0);
  }

  private static final java.util.concurrent.atomic.AtomicLong LAST_ID =
      new java.util.concurrent.atomic.AtomicLong();
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /**
   * A new version 7 UUID (RFC 9562): 48 bits of Unix milliseconds and a 12-bit counter, strictly
   * increasing within this process, then 62 random bits.
   */
  static String newId() {
    long now = System.currentTimeMillis() << 12;
    long v = LAST_ID.updateAndGet(prev -> Math.max(prev + 1, now));
    long msb = ((v >>> 12) << 16) | (0x7L << 12) | (v & 0xFFF);
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** This event with one more failed delivery attempt. */
  public TokenEvent failedOnce() {
    return new TokenEvent(
        id,
        type,
        occurredAt,
        tokenId,
        jti,
        businessId,
        subject,
        actor,
        reason,
        clientIp,
        userAgent,
        attempts + 1);
  }

  /** What an event records. */
  public enum Type {
    CREATED,
    REVOKED,
    SUSPENDED,
    ACTIVATED,
    DELETED,
    ROLLED,
    OWNER_REVOKED,
    OWNER_SUSPENDED,
    OWNER_ACTIVATED,
    EXPIRING_SOON;

    /** The event of a change to {@code state}. */
    public static Type of(TokenStatus state) {
      return switch (state) {
        case ACTIVE -> ACTIVATED;
        case SUSPENDED -> SUSPENDED;
        case REVOKED -> REVOKED;
        case DELETED -> DELETED;
        case UNKNOWN -> throw new IllegalArgumentException("no event for UNKNOWN");
      };
    }

    /** The API value: {@code created}, {@code owner_revoked}, {@code expiring_soon}, … */
    public String apiValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A place in the order of one token's events: its time, then its id. */
  public record Position(Instant occurredAt, String id) {
    public Position {
      Objects.requireNonNull(occurredAt, "occurredAt");
      Objects.requireNonNull(id, "id");
    }
  }
}
