package dev.dzauth.status;

/**
 * One entry of a store's {@link StatusFeed}: a token's status change, or an owner-level change that
 * applies to many tokens at once.
 */
public sealed interface FeedEntry permits StatusChange, OwnerChange {

  /** The entry's position: gap-free and strictly increasing across the store, in commit order. */
  long sequence();
}
