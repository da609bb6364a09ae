package dev.dzauth.store;

import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusFeed;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.TokenStatusStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * SPI: durable storage of token records (never tokens), and the ordered feed of their status
 * changes. Implementations are thread-safe; every method either completes durably or throws. A
 * store's exceptions reach callers as {@code STORE_UNAVAILABLE}.
 *
 * <p>Every state change ({@link #revoke}, {@link #transition}) appends a {@link
 * dev.dzauth.status.StatusChange} to the {@link StatusFeed}, atomically with the change; its
 * sequence (gap-free, in commit order) becomes the record's {@link TokenRecord#stateVersion()}, and
 * every status answer carries that version. A call that finds the record already in the target
 * state changes nothing and appends nothing. Decorators extend {@link ForwardingTokenStore}.
 *
 * <p>Owner-level changes ({@link #changeOwner}) are one row and one feed entry each, however many
 * tokens they cover; every record and status a store answers is the record as in effect, computed
 * by {@link OwnerHistory#apply} from the record's own state and the owner's changes (the one rule),
 * and the {@link dev.dzauth.status.StatusChange} a token's change appends carries that effective
 * status too.
 *
 * <p>Every change that changes something also writes its {@link TokenEvent} (with the {@link
 * ChangeOrigin} given) in the same transaction: {@link TokenEvent.Type#CREATED} on insert, the new
 * state's type on a revoke or transition, {@link TokenEvent.Type#ROLLED} (and the successor's
 * {@code CREATED}) on a roll, an {@code OWNER_*} event on an owner-level change.
 */
public interface TokenStore extends TokenStatusStore, StatusFeed, TokenEventLog, AutoCloseable {

  /**
   * Stores a new record and answers it as stored, with {@link TokenRecord#createdSequence()} set to
   * the feed sequence the store has committed when it stores it (owner-level changes committed
   * before then do not apply to it; the caller's value is ignored).
   *
   * @throws DuplicateRecordException when a record with its id or jti is already stored (whatever
   *     the store's own failure for that is, mapped: callers tell it apart from an outage)
   */
  TokenRecord insert(TokenRecord record, ChangeOrigin origin) throws Exception;

  /** The record with this id, in any state (deleted included). */
  Optional<TokenRecord> findById(String id) throws Exception;

  /**
   * Revokes the record unless it is already revoked or deleted, in which case it is left as it is
   * (the first revocation's time, actor and reason stay).
   *
   * @return the record as it is after the call; empty if there is no such record
   */
  Optional<TokenRecord> revoke(String id, Instant at, ChangeOrigin origin, @Nullable String reason)
      throws Exception;

  /**
   * Moves the record from state {@code from} to {@code to} if, and only if, it is in {@code from}
   * (compare-and-set).
   *
   * @return the record as it is after the call (moved or not); empty if there is no such record
   */
  Optional<TokenRecord> transition(
      String id, TokenStatus from, TokenStatus to, Instant at, ChangeOrigin origin)
      throws Exception;

  /**
   * Replaces the record {@code id} by {@code successor} (a roll), in one transaction: if, and only
   * if, the record is in effect active and was never rolled, it is marked rolled to {@code
   * successor.id()}, its {@code expiresAt} becomes {@code notAfter} (or stays, when earlier), a
   * feed entry announces that end, and {@code successor} is stored as by {@link #insert}. Otherwise
   * nothing changes and the successor is not stored.
   *
   * @return the record as it is after the call (rolled to {@code successor} or not); empty if there
   *     is no such record
   */
  Optional<TokenRecord> roll(
      String id, TokenRecord successor, Instant notAfter, Instant at, ChangeOrigin origin)
      throws Exception;

  /**
   * Appends an owner-level change: one row and one feed entry, in one transaction, that applies
   * {@code action} to every token of {@code scope} stored before it ({@link OwnerHistory}).
   * Activating an owner that is not suspended changes nothing.
   *
   * @return the change appended; empty when it changes nothing
   */
  Optional<OwnerChange> changeOwner(
      OwnerScope scope,
      OwnerAction action,
      Instant at,
      ChangeOrigin origin,
      @Nullable String reason)
      throws Exception;

  /**
   * How many tokens of {@code scope} would change state in effect if {@code action} were applied
   * now ({@link OwnerHistory#countChanged}): what a dry run answers. Reads; changes nothing.
   */
  long countAffected(OwnerScope scope, OwnerAction action) throws Exception;

  /**
   * One keyset page of an owner's records, never deleted ones, ordered by {@link SortField#keyOf}
   * then id, both ascending or both descending.
   */
  List<TokenRecord> page(PageQuery query) throws Exception;

  /** How many records {@link #page} could return for this owner in all. */
  long count(String subject, String businessId, boolean includeRevoked) throws Exception;

  /**
   * Records last uses in one batch, by record id. A time earlier than the stored one is ignored.
   */
  void recordLastUsed(Map<String, Instant> lastUsedById) throws Exception;

  /** Releases what the store holds (not a {@code DataSource} it was given). */
  @Override
  default void close() throws Exception {}

  /**
   * A page request.
   *
   * @param subject the owner
   * @param businessId the owner's business
   * @param includeRevoked whether revoked records are included
   * @param sortBy the sort column
   * @param descending whether the order is descending
   * @param after the position to continue after (exclusive), in this order; {@code null} from the
   *     start
   * @param limit how many records at most
   */
  record PageQuery(
      String subject,
      String businessId,
      boolean includeRevoked,
      SortField sortBy,
      boolean descending,
      @Nullable Position after,
      int limit) {
    public PageQuery {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(businessId, "businessId");
      Objects.requireNonNull(sortBy, "sortBy");
    }
  }

  /**
   * A place in a sort order: the sort key ({@link SortField#keyOf}: an {@link Instant} or a {@link
   * String}) and the record id.
   */
  record Position(Comparable<?> key, String id) {
    public Position {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(id, "id");
    }
  }
}
