package dev.dzauth.benchmarks;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.VersionedStatus;
import java.time.Instant;
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
 * The status check missing the cache against the real PostgreSQL: {@code JdbcTokenStore} ({@code
 * SELECT id, state FROM tokens WHERE jti = ?}, one round trip on a pooled HikariCP connection over
 * TCP to 127.0.0.1:5432). {@code miss}: the answer invalidated first, then loaded through the
 * {@link StatusCache} on its load pool, as {@link StatusBenchmark#miss} does against the in-memory
 * store; {@code storeOnly}: the bare {@code JdbcTokenStore.status} call on the caller's thread. Ops
 * cycle through 1024 records of one owner. Needs PostgreSQL (see {@link Pg}); the scripts skip it
 * when none is listening, unless {@code CI=true}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PgStatusBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PgStatusBenchmark {

  private static final int JTIS = 1024;
  private static final String OWNER = "status-owner";

  private Pg pg;
  private StatusCache cache;
  private String[] jtis;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    pg = new Pg(4);
    pg.ensureRecords(OWNER, "status-business", JTIS);
    cache = StatusCache.builder(pg.store).build();
    jtis = new String[JTIS];
    for (int i = 0; i < JTIS; i++) {
      jtis[i] = Pg.record(OWNER, "status-business", i, Instant.EPOCH).jti();
      VersionedStatus s = cache.status(jtis[i]);
      if (s.status() == dev.dzauth.status.TokenStatus.UNKNOWN) {
        throw new IllegalStateException("record " + jtis[i] + " is not in " + Pg.PREFIX + "tokens");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
    pg.close();
  }

  @Benchmark
  public VersionedStatus miss() {
    String jti = jtis[next++ & (JTIS - 1)];
    cache.invalidate(jti);
    return cache.status(jti);
  }

  @Benchmark
  public VersionedStatus storeOnly() throws Exception {
    return pg.store.status(jtis[next++ & (JTIS - 1)]);
  }
}
