package dev.dzauth.benchmarks;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many threads missing one {@code jti} at once: each op drops the cached answer, then {@value
 * #THREADS} threads released by a barrier look it up together. The store sleeps 1 ms per call, as a
 * remote store would take, so the lookups overlap. The aux counters {@code storeCalls} over {@code
 * stampedes} is the number of store calls per stampede; the cache's promise is 1.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StatusStampedeBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StatusStampedeBenchmark {

  static final int THREADS = 8;

  private final AtomicLong storeCalls = new AtomicLong();
  private StatusCache cache;
  private ExecutorService threads;
  private CyclicBarrier barrier;
  private String jti;
  private VersionedStatus state;

  /** Store calls per stampede, reported beside the time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Calls {
    public long storeCalls;
    public long stampedes;
  }

  @Setup(Level.Trial)
  public void setUp() {
    jti = UUID.randomUUID().toString();
    state =
        VersionedStatus.of(
            UUID.randomUUID().toString(),
            TokenStatus.ACTIVE,
            0,
            Fixture.REQUEST.subject(),
            Fixture.REQUEST.businessId());
    cache =
        StatusCache.builder(
                j -> {
                  storeCalls.incrementAndGet();
                  Thread.sleep(1);
                  return state;
                })
            .build();
    threads = Executors.newFixedThreadPool(THREADS);
    barrier = new CyclicBarrier(THREADS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    threads.shutdownNow();
    cache.close();
  }

  @Benchmark
  public void stampede(Calls calls) throws Exception {
    cache.invalidate(jti);
    long before = storeCalls.get();
    List<Future<VersionedStatus>> done = new ArrayList<>(THREADS);
    for (int i = 0; i < THREADS; i++) {
      done.add(
          threads.submit(
              () -> {
                barrier.await();
                return cache.status(jti);
              }));
    }
    for (Future<VersionedStatus> f : done) {
      f.get();
    }
    calls.storeCalls += storeCalls.get() - before;
    calls.stampedes++;
  }
}
