package dev.dzauth.benchmarks;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * The status check by {@code jti} through the {@link StatusCache}, in front of an in-memory store
 * (a {@link ConcurrentHashMap} behind the {@code TokenStatusStore} lambda). {@code hit}: a cached
 * answer; {@code miss}: the answer invalidated first, so the lookup loads it from the store on the
 * cache's bounded pool; {@code storeOnly}: the bare map lookup, the baseline. Ops cycle through
 * 1024 jtis.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StatusBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class StatusBenchmark {

  private static final int JTIS = 1024;

  private final Map<String, VersionedStatus> store = new ConcurrentHashMap<>();
  private StatusCache cache;
  private String[] jtis;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    cache = StatusCache.builder(jti -> store.getOrDefault(jti, VersionedStatus.unknown())).build();
    jtis = new String[JTIS];
    for (int i = 0; i < JTIS; i++) {
      jtis[i] = UUID.randomUUID().toString();
      store.put(
          jtis[i],
          VersionedStatus.of(
              UUID.randomUUID().toString(),
              TokenStatus.ACTIVE,
              0,
              Fixture.REQUEST.subject(),
              Fixture.REQUEST.businessId()));
      cache.status(jtis[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  @Benchmark
  public VersionedStatus hit() {
    return cache.status(jtis[next++ & (JTIS - 1)]);
  }

  @Benchmark
  public VersionedStatus miss() {
    String jti = jtis[next++ & (JTIS - 1)];
    cache.invalidate(jti);
    return cache.status(jti);
  }

  @Benchmark
  public VersionedStatus storeOnly() {
    return store.get(jtis[next++ & (JTIS - 1)]);
  }
}
