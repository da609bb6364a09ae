package dev.dzauth.status;

import java.time.Instant;
import java.util.List;

/**
 * SPI: a store's ordered feed of status changes (a token's, or an owner's: {@link FeedEntry}),
 * which {@link StatusFeedPoller} follows.
 *
 * <p>Contract: sequences start at 1, are strictly increasing and <em>gap-free</em>, and become
 * visible in commit order, so a reader that has seen sequence {@code n} has seen every change below
 * {@code n}. A reader that finds a gap (entries pruned before it read them) knows it lost changes.
 */
public interface StatusFeed {

  /**
   * Changes with a sequence greater than {@code afterSequence}, in order, at most {@code limit}.
   *
   * @throws Exception when the store cannot answer
   */
  List<FeedEntry> changesSince(long afterSequence, int limit) throws Exception;

  /**
   * The sequence of the latest change, or 0 when there is none: where a new reader starts.
   *
   * @throws Exception when the store cannot answer
   */
  long latestSequence() throws Exception;

  /**
   * Removes entries older than {@code olderThan}, so the feed does not grow forever; the default
   * removes nothing. A reader further behind than that finds a gap and reads its cached answers
   * again from the store, so nothing it needs is lost.
   *
   * @return how many entries were removed
   * @throws Exception when the store cannot answer
   */
  default long pruneStatusFeed(Instant olderThan) throws Exception {
    return 0;
  }
}
