package dev.dzauth.store;

import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A token's metadata as stored: never the token itself. Immutable.
 *
 * <p>A store answers records as they are in effect: when an owner-level change ({@link
 * OwnerChange}) decides a record's state, {@code state} is the state it set, the revocation fields
 * are that change's, and {@code heldBy} names its scope; the record's own state is kept underneath
 * and shows again when the owner is activated.
 *
 * @param id the record id (a UUID), used in the API's paths
 * @param jti the token's {@code jti}
 * @param name a human-readable name
 * @param description an optional description
 * @param tokenPrefix the display prefix, {@link dev.dzauth.token.TokenFormat#displayPrefix}
 * @param subject the user the token acts for, who owns it
 * @param businessId the business the token is bound to
 * @param scopes the token's scopes
 * @param createdBy who created it (the creating caller's subject)
 * @param createdAt when it was created
 * @param updatedAt when its record last changed (status or last use not included)
 * @param expiresAt when it expires, or {@code null} for never
 * @param lastUsedAt the last successful authentication, or {@code null}
 * @param state the stored state: active, suspended, revoked or deleted
 * @param stateVersion the status feed sequence of the change that set {@code state}, 0 when the
 *     state never changed since creation: orders status answers ({@link VersionedStatus#version()})
 * @param revokedAt when it was revoked, or {@code null}
 * @param revokedBy who revoked it, or {@code null}
 * @param revocationReason why, or {@code null}
 * @param createdSequence the feed sequence the store had reached when it stored the record:
 *     owner-level changes at a higher sequence apply to it, earlier ones do not (0 until stored)
 * @param rolledTo the id of the token that replaced this one in a roll, or {@code null}; a rolled
 *     token's {@code expiresAt} is the end of its grace period
 * @param heldBy the owner whose owner-level change decides {@code state}, or {@code null} when the
 *     record's own state does
 * @param environmentId the environment within the business an environment-scoped token is bound to,
 *     or {@code null} for a token of the whole business ({@code token_scope} {@code account})
 */
public record TokenRecord(
    String id,
    String jti,
    String name,
    @Nullable String description,
    String tokenPrefix,
    String subject,
    String businessId,
    Set<String> scopes,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant expiresAt,
    @Nullable Instant lastUsedAt,
    TokenStatus state,
    long stateVersion,
    @Nullable Instant revokedAt,
    @Nullable String revokedBy,
    @Nullable String revocationReason,
    long createdSequence,
    @Nullable String rolledTo,
    @Nullable OwnerScope heldBy,
    @Nullable String environmentId) {

  public TokenRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tokenPrefix, "tokenPrefix");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(businessId, "businessId");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(state, "state");
    if (state == TokenStatus.UNKNOWN) {
      throw new IllegalArgumentException("a stored token is never in state UNKNOWN");
    }
    if (stateVersion < 0) {
      throw new IllegalArgumentException("stateVersion must not be negative, got " + stateVersion);
    }
    if (createdSequence < 0) {
      throw new IllegalArgumentException(
          "createdSequence must not be negative, got " + createdSequence);
    }
  }

  /**
   * What the status store answers for this record: its state and version, and the end of its grace
   * period when it was rolled.
   */
  public VersionedStatus versionedStatus() {
    return VersionedStatus.of(
        id, state, stateVersion, subject, businessId, rolledTo == null ? null : expiresAt);
  }

  /** Whether the owner {@code (subject, businessId)} owns this record. */
  public boolean isOwnedBy(String subject, String businessId) {
    return this.subject.equals(subject) && this.businessId.equals(businessId);
  }

  /** A copy in another state, set by the feed entry {@code version}. */
  public TokenRecord withState(TokenStatus newState, long version, Instant at) {
    Copy c = new Copy(this);
    c.updatedAt = at;
    c.state = newState;
    c.stateVersion = version;
    return c.build();
  }

  /** A revoked copy, revoked by the feed entry {@code version}. */
  public TokenRecord revoked(
      long version, Instant at, @Nullable String by, @Nullable String reason) {
    Copy c = new Copy(this);
    c.updatedAt = at;
    c.state = TokenStatus.REVOKED;
    c.stateVersion = version;
    c.revokedAt = at;
    c.revokedBy = by;
    c.revocationReason = reason;
    return c.build();
  }

  /** A copy last used at {@code at} (never earlier than what it had). */
  public TokenRecord usedAt(Instant at) {
    Copy c = new Copy(this);
    c.lastUsedAt = lastUsedAt == null || at.isAfter(lastUsedAt) ? at : lastUsedAt;
    return c.build();
  }

  /** A copy stored at feed sequence {@code sequence} ({@link #createdSequence}). */
  public TokenRecord storedAt(long sequence) {
    Copy c = new Copy(this);
    c.createdSequence = sequence;
    return c.build();
  }

  /** A copy created by {@code creator} ({@link #createdBy}). */
  public TokenRecord withCreator(String creator) {
    Copy c = new Copy(this);
    c.createdBy = Objects.requireNonNull(creator, "creator");
    return c.build();
  }

  /**
   * A copy replaced by {@code successorId}, ending at {@code notAfter} (or its own expiry, when
   * earlier), changed by the feed entry {@code version}.
   */
  public TokenRecord rolled(String successorId, Instant notAfter, long version, Instant at) {
    Copy c = new Copy(this);
    c.updatedAt = at;
    c.expiresAt = expiresAt != null && expiresAt.isBefore(notAfter) ? expiresAt : notAfter;
    c.stateVersion = version;
    c.rolledTo = successorId;
    return c.build();
  }

  /**
   * This record as the owner-level change {@code by} leaves it: in {@code newState} (revoked with
   * the change's time, actor and reason, or suspended), at {@code version}.
   */
  TokenRecord heldBy(OwnerChange by, TokenStatus newState, long version) {
    Copy c = new Copy(this);
    c.state = newState;
    c.stateVersion = version;
    if (newState == TokenStatus.REVOKED) {
      c.revokedAt = by.at();
      c.revokedBy = by.by();
      c.revocationReason = by.reason();
    }
    c.heldBy = by.scope();
    return c.build();
  }

  /** This record at {@code version}, its own state unchanged. */
  TokenRecord atVersion(long version) {
    if (version == stateVersion) {
      return this;
    }
    Copy c = new Copy(this);
    c.stateVersion = version;
    return c.build();
  }

  /** The components of a record being copied: each copy method sets what it changes. */
  private static final class Copy {
    private final TokenRecord r;
    String createdBy;
    Instant updatedAt;
    @Nullable Instant expiresAt;
    @Nullable Instant lastUsedAt;
    TokenStatus state;
    long stateVersion;
    @Nullable Instant revokedAt;
    @Nullable String revokedBy;
    @Nullable String revocationReason;
    long createdSequence;
    @Nullable String rolledTo;
    @Nullable OwnerScope heldBy;

    Copy(TokenRecord r) {
      this.r = r;
      this.createdBy = r.createdBy;
      this.updatedAt = r.updatedAt;
      this.expiresAt = r.expiresAt;
      this.lastUsedAt = r.lastUsedAt;
      this.state = r.state;
      this.stateVersion = r.stateVersion;
      this.revokedAt = r.revokedAt;
      this.revokedBy = r.revokedBy;
      this.revocationReason = r.revocationReason;
      this.createdSequence = r.createdSequence;
      this.rolledTo = r.rolledTo;
      this.heldBy = r.heldBy;
    }

    TokenRecord build() {
      return new TokenRecord(
          r.id,
          r.jti,
          r.name,
          r.description,
          r.tokenPrefix,
          r.subject,
          r.businessId,
          r.scopes,
          createdBy,
          r.createdAt,
          updatedAt,
          expiresAt,
          lastUsedAt,
          state,
          stateVersion,
          revokedAt,
          revokedBy,
          revocationReason,
          createdSequence,
          rolledTo,
          heldBy,
          r.environmentId);
    }
  }
}
