package dev.dzauth.testing;

import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.TokenStatusStore;
import dev.dzauth.status.VersionedStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TokenStatusStore} backed by a map, counting its calls. A {@code jti} never set answers
 * {@link VersionedStatus#unknown()}. Thread-safe.
 */
public final class FakeStatusStore implements TokenStatusStore {

  private final Map<String, VersionedStatus> states = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean failing;

  /** Records {@code jti} as the token with record id {@code "id-" + jti} in {@code status}. */
  public FakeStatusStore set(String jti, TokenStatus status) {
    states.put(jti, States.next("id-" + jti, status));
    return this;
  }

  /** What the store answers for {@code jti} now. */
  public VersionedStatus stateOf(String jti) {
    return states.getOrDefault(jti, VersionedStatus.unknown());
  }

  /** Whether every call should throw (the store is down). */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** How many times {@link #status} was called. */
  public int calls() {
    return calls.get();
  }

  @Override
  public VersionedStatus status(String jti) {
    calls.incrementAndGet();
    if (failing) {
      throw new IllegalStateException("store down (test)");
    }
    return states.getOrDefault(jti, VersionedStatus.unknown());
  }
}
