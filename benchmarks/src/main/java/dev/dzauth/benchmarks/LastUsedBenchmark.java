package dev.dzauth.benchmarks;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Last-used under full load: 2 threads call {@link TokenService#recordUse} as fast as they can over
 * {@value #TOKENS} verified tokens, while the service's flusher writes every {@value #FLUSH_MS} ms.
 * The store (in memory, behind a counting wrapper) counts its {@code recordLastUsed} calls. Aux
 * counters: {@code storeWrites} (store writes made during the iteration), {@code flushIntervals}
 * (iteration time over the flush interval) and {@code idsWritten}; {@code storeWrites /
 * flushIntervals} must be at most 1 (one batched write per interval, however many uses). The score
 * is the recordUse throughput.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LastUsedBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LastUsedBenchmark {

  static final int TOKENS = 1024;
  static final long FLUSH_MS = 100;

  /** The service, its counted store and the tokens every thread uses. */
  @State(Scope.Benchmark)
  public static class Shared {
    DelegatingStore store;
    StatusCache statuses;
    TokenService service;
    VerifiedToken[] tokens;
    final AtomicInteger threadIds = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
      store = new DelegatingStore(new InMemoryTokenStore());
      statuses = StatusCache.builder(store).build();
      KeySetHolder ring =
          KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "last-used")));
      TokenMinter minter = TokenMinter.builder(Fixture.ISSUER, ring).build();
      service =
          TokenService.builder(minter, store, statuses)
              .lastUsedFlushInterval(Duration.ofMillis(FLUSH_MS))
              .build();
      TokenVerifier verifier = TokenVerifier.builder(Fixture.ISSUER, ring, statuses).build();
      Caller caller = new Caller("user-42", "business-7", Set.of("tokens:read", "tokens:write"));
      tokens = new VerifiedToken[TOKENS];
      for (int i = 0; i < TOKENS; i++) {
        String token =
            service.create(caller, new CreateTokenRequest("t" + i, null, 365, null)).token();
        tokens[i] = verifier.verify(token);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      service.close();
      statuses.close();
    }
  }

  /** Per-thread position; thread 0 also keeps the iteration's counters (the others report 0). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    public long storeWrites;
    public long flushIntervals;
    public long idsWritten;
    private boolean reporter;
    private long writesAtStart;
    private long idsAtStart;
    private long startNanos;
    int next;

    @Setup(Level.Iteration)
    public void start(Shared shared) {
      if (!reporter && shared.threadIds.getAndIncrement() == 0) {
        reporter = true;
      }
      storeWrites = 0;
      flushIntervals = 0;
      idsWritten = 0;
      writesAtStart = shared.store.lastUsedWrites.get();
      idsAtStart = shared.store.lastUsedIds.get();
      startNanos = System.nanoTime();
    }

    void update(Shared shared) {
      if (reporter && (next & 1023) == 0) {
        storeWrites = shared.store.lastUsedWrites.get() - writesAtStart;
        idsWritten = shared.store.lastUsedIds.get() - idsAtStart;
        // Rounded up: a write in a started interval counts against it.
        flushIntervals =
            (System.nanoTime() - startNanos + FLUSH_MS * 1_000_000 - 1) / (FLUSH_MS * 1_000_000);
      }
    }
  }

  @Benchmark
  @Threads(2)
  public void recordUse(Shared shared, Counters c) {
    shared.service.recordUse(shared.tokens[c.next++ & (TOKENS - 1)]);
    c.update(shared);
  }
}
