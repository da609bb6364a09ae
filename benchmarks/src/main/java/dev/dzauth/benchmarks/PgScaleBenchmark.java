package dev.dzauth.benchmarks;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.SortField;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.store.TokenStore.PageQuery;
import dev.dzauth.store.TokenStore.Position;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scale on the real PostgreSQL, through {@code JdbcTokenStore}:
 *
 * <ul>
 *   <li>{@code firstPage} / {@code deepPage}: one keyset page of 50 (the service asks for 51, to
 *       know whether there is a next page) of one owner holding {@code depth + 100} records, newest
 *       first, at depth 0 and at depth {@code depth} (the position of record {@code depth}, as a
 *       cursor would carry it). Target: {@code deepPage} within 1.5× {@code firstPage}.
 *   <li>{@code feedCatchUp}: a {@link StatusFeedPoller} starting at sequence 0 reads a feed of
 *       {@code feedChanges} changes to its end (batches of 500) and writes each through to a {@link
 *       StatusCache}; one op is one whole catch-up (ms/op).
 * </ul>
 *
 * <p>The records and the feed are loaded once per trial when missing and kept between runs (see
 * {@link Pg#ensureRecords}); the first run at depth 100,000 spends a few seconds loading them. The
 * CI smoke runs {@code -p depth=1000 -p feedChanges=1000}. Needs PostgreSQL (see {@link Pg}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PgScaleBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar PgScaleBenchmark -p depth=1000 -p feedChanges=1000
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PgScaleBenchmark {

  static final int PAGE = 50;
  private static final String BUSINESS = "scale-business";

  @Param("100000")
  public int depth;

  @Param("10000")
  public int feedChanges;

  private Pg pg;
  private String owner;
  private Position deep;
  private StatusCache statuses;
  private DelegatingStore fromZero;

  /** Changes applied per catch-up, reported beside the time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Applied {
    public long changesApplied;
    public long catchUps;
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    pg = new Pg(4);
    owner = "scale-owner-" + depth;
    pg.ensureRecords(owner, BUSINESS, depth + 100);
    List<TokenRecord> atDepth = page(null, 1);
    // Walk to the record at `depth` cheaply: the records are created 1 ms apart, newest first, so
    // record `depth` from the top is number (n - 1 - depth); check it is where we think.
    int n = depth + 100;
    int index = n - 1 - depth;
    TokenRecord r =
        pg.store.findById(Pg.record(owner, BUSINESS, index, Instant.EPOCH).id()).orElseThrow();
    deep = new Position(SortField.CREATED_AT.keyOf(r), r.id());
    List<TokenRecord> check =
        page(new Position(SortField.CREATED_AT.keyOf(atDepth.get(0)), atDepth.get(0).id()), 1);
    if (atDepth.isEmpty() || check.isEmpty() || page(deep, PAGE + 1).size() != PAGE + 1) {
      throw new IllegalStateException("fixture of " + owner + " is not what the benchmark expects");
    }
    pg.ensureFeed(feedChanges);
    statuses = StatusCache.builder(pg.store).maximumSize(Math.max(100_000, feedChanges)).build();
    fromZero = new DelegatingStore(pg.store, 0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    statuses.close();
    pg.close();
  }

  private List<TokenRecord> page(Position after, int limit) throws Exception {
    return pg.store.page(
        new PageQuery(owner, BUSINESS, false, SortField.CREATED_AT, true, after, limit));
  }

  @Benchmark
  public List<TokenRecord> firstPage() throws Exception {
    return page(null, PAGE + 1);
  }

  @Benchmark
  public List<TokenRecord> deepPage() throws Exception {
    return page(deep, PAGE + 1);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public StatusFeedPoller.Lag feedCatchUp(Applied applied) {
    StatusFeedPoller poller = StatusFeedPoller.builder(fromZero, statuses).build();
    if (!poller.pollOnce()) {
      throw new IllegalStateException("feed poll failed");
    }
    StatusFeedPoller.Lag lag = poller.lag();
    applied.changesApplied += lag.appliedChanges();
    applied.catchUps++;
    return lag;
  }
}
