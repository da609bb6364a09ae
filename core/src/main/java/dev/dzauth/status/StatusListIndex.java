package dev.dzauth.status;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * SPI: the issuer's allocation of Token Status List entries (draft-ietf-oauth-status-list-20) to
 * its tokens, one {@link StatusListEntry} per token, made before the token is signed so that the
 * token carries it. Implementations are thread-safe, and every method either completes durably or
 * throws.
 *
 * <p><b>Dense.</b> {@link #allocate} hands out the indexes of the newest list in order, 0, 1, 2, …,
 * none twice and none skipped (a failed allocation takes nothing); when that list holds {@link
 * #listSize()} entries the next allocation begins a new list, numbered one higher, at index 0. So
 * every list but the newest is full, and a list never grows past the size it was begun with (a
 * changed {@link #listSize()} applies from the next list on). A token whose record is never stored
 * (its insert failed after the allocation) leaves an entry nobody holds: it stays valid,
 * harmlessly.
 *
 * <p>The lookups ({@link #entries}, {@link #entriesOf}, {@link #entriesIn}) are what a publisher of
 * the lists needs to follow the status feed: the entry of a token that changed, the entries of an
 * owner an owner-level change covers, and the entries of one list when it is built.
 */
public interface StatusListIndex {

  /**
   * The default most entries of one list: 100,000 (25,000 bytes at 2 bits each before compression,
   * a few hundred bytes compressed while few tokens are revoked).
   */
  int DEFAULT_LIST_SIZE = 100_000;

  /** The largest list size: 2^24 entries (4 MiB at 2 bits, a verifier's default bound). */
  int MAX_LIST_SIZE = 1 << 24;

  /**
   * The entry of the new token {@code jti} of {@code subject} in {@code businessId}: the next index
   * of the newest list, or index 0 of a new list when it is full (see the class description).
   *
   * @throws Exception when the store cannot answer (nothing is allocated then), or {@code jti} has
   *     an entry already
   */
  StatusListEntry allocate(String jti, String subject, String businessId) throws Exception;

  /**
   * The entries of those of {@code jtis} that have one (tokens minted without status lists have
   * none).
   *
   * @throws Exception when the store cannot answer
   */
  Map<String, StatusListEntry> entries(Collection<String> jtis) throws Exception;

  /**
   * One page of the entries of the tokens of {@code owner} (a whole business, or one subject in
   * it): those after {@code afterPosition} ({@link StatusListEntry#position()}; {@code -1} from the
   * start), in position order, at most {@code limit}.
   *
   * @throws Exception when the store cannot answer
   */
  List<StatusListEntry> entriesOf(OwnerScope owner, long afterPosition, int limit) throws Exception;

  /**
   * One page of the entries of list {@code list}: those with an index above {@code afterIndex}
   * ({@code -1} from the start), in index order, at most {@code limit}.
   *
   * @throws Exception when the store cannot answer
   */
  List<StatusListEntry> entriesIn(int list, int afterIndex, int limit) throws Exception;

  /**
   * As {@link #entriesIn}, but may leave out entries whose token is stored and certainly valid in
   * effect (its own state active, never rolled, its owner never changed): what building a list must
   * look up. The default leaves out nothing.
   *
   * @throws Exception when the store cannot answer
   */
  default List<StatusListEntry> entriesToCheck(int list, int afterIndex, int limit)
      throws Exception {
    return entriesIn(list, afterIndex, limit);
  }

  /**
   * Every list begun so far, in number order.
   *
   * @throws Exception when the store cannot answer
   */
  List<ListInfo> lists() throws Exception;

  /** The size new lists are begun with: 1 to {@link #MAX_LIST_SIZE}. */
  int listSize();

  /**
   * A list begun by {@link #allocate}.
   *
   * @param list its number, from 1
   * @param size the most entries it holds (its size when it was begun)
   * @param allocated how many of its indexes are allocated (0 to {@code size}: all of them, but in
   *     the newest list)
   */
  record ListInfo(int list, int size, int allocated) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException unless {@code list >= 1} and {@code 0 <= allocated <= size}
     */
    public ListInfo {
      if (list < 1 || size < 1 || allocated < 0 || allocated > size) {
        throw new IllegalArgumentException(
            "not a status list: number " + list + ", size " + size + ", allocated " + allocated);
      }
    }
  }

  /**
   * Checks a list size.
   *
   * @throws IllegalArgumentException unless it is 1 to {@link #MAX_LIST_SIZE}
   */
  static int checkListSize(int size) {
    if (size < 1 || size > MAX_LIST_SIZE) {
      throw new IllegalArgumentException(
          "listSize must be 1 to " + MAX_LIST_SIZE + ", got " + size);
    }
    return size;
  }
}
