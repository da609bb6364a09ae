package dev.dzauth.store;

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
 */
public interface TokenStore extends TokenStatusStore, StatusFeed, AutoCloseable {

  /**
   * Stores a new record.
   *
   * @throws DuplicateRecordException when a record with its id or jti is already stored (whatever
   *     the store's own failure for that is, mapped: callers tell it apart from an outage)
   */
  void insert(TokenRecord record) throws Exception;

  /** The record with this id, in any state (deleted included). */
  Optional<TokenRecord> findById(String id) throws Exception;

  /**
   * Revokes the record unless it is already revoked or deleted, in which case it is left as it is
   * (the first revocation's time, actor and reason stay).
   *
   * @return the record as it is after the call; empty if there is no such record
   */
  Optional<TokenRecord> revoke(String id, Instant at, @Nullable String by, @Nullable String reason)
      throws Exception;

  /**
   * Moves the record from state {@code from} to {@code to} if, and only if, it is in {@code from}
   * (compare-and-set).
   *
   * @return the record as it is after the call (moved or not); empty if there is no such record
   */
  Optional<TokenRecord> transition(String id, TokenStatus from, TokenStatus to, Instant at)
      throws Exception;

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
