package dev.dzauth.lifecycle;

import dev.dzauth.store.TokenStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last successful use of each token in memory and writes them to the store in one batch
 * per flush: never a write per request, whatever the request rate.
 */
final class LastUsedRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(LastUsedRecorder.class);

  private final ConcurrentHashMap<String, AtomicLong> pending = new ConcurrentHashMap<>();
  private boolean failing; // guarded by this (flush is synchronized)

  /**
   * Notes a use of the token record {@code tokenId} at {@code epochMillis}. Lock-free, no
   * allocation once seen.
   */
  void record(String tokenId, long epochMillis) {
    AtomicLong last = pending.get(tokenId);
    if (last == null) {
      last = pending.computeIfAbsent(tokenId, k -> new AtomicLong());
    }
    // A racy max: two near-simultaneous uses may keep the earlier one, never by more than a moment.
    if (epochMillis > last.get()) {
      last.set(epochMillis);
    }
  }

  /** Writes what was recorded since the last flush, in one store call; keeps it on failure. */
  synchronized void flush(TokenStore store) {
    Map<String, Instant> batch = new HashMap<>();
    for (Map.Entry<String, AtomicLong> e : pending.entrySet()) {
      long at = e.getValue().getAndSet(0);
      if (at != 0) {
        batch.put(e.getKey(), Instant.ofEpochMilli(at));
      } else {
        pending.remove(e.getKey(), e.getValue());
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.recordLastUsed(batch);
      if (failing) {
        failing = false;
        LOG.info("last uses recorded again ({} tokens)", batch.size());
      }
    } catch (Exception ex) {
      if (!failing) {
        failing = true; // one line per outage, not one per flush
        LOG.warn(
            "could not record last use of {} tokens; keeping them and retrying at every flush: {}",
            batch.size(),
            ex.toString());
      }
      batch.forEach((id, at) -> record(id, at.toEpochMilli()));
    }
  }
}
