package dev.dzauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.DzAuthException;
import dev.dzauth.benchmarks.FleetConfig.Run;
import dev.dzauth.benchmarks.FleetInstance.Mode;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.MintRequest;
import dev.dzauth.token.MintedToken;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The fleet benchmark (issue 10): many simulated instances, each with its own pool, store, status
 * cache, verifier and feed poller, on the local PostgreSQL, each keeping a working set of hot
 * tokens warm. It reports the database statements per second in steady state for the design
 * anchored on the feed (with and without the PostgreSQL doorbell) against the design before it
 * (every cached answer re-read after {@code refreshAfter}), and the time from a revoke on a
 * separate admin instance to the token being refused on every instance. Not a JMH benchmark: the
 * measurement is a count of statements and a latency across instances, not the cost of an op.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am install -DskipTests -Djacoco.skip=true
 * java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.dzauth.benchmarks.FleetBenchmark \
 *     --out benchmarks/results/fleet-$(date -u +%F).json       # 200 instances x 5,000 hot tokens
 * java -cp benchmarks/target/benchmarks.jar dev.dzauth.benchmarks.FleetBenchmark --smoke   # CI
 * python3 benchmarks/fleet_report.py benchmarks/results       # JSON -> FLEET.md + fleet.svg
 * </pre>
 *
 * <p>The full run needs {@code max_connections} of at least ~650 (200 instances × (a pool of 2 + a
 * doorbell connection)); the smoke stays under 20 connections. See benchmarks/README.md.
 */
public final class FleetBenchmark {

  private static final String SUBJECT = "fleet-user";
  private static final String BUSINESS = "fleet-business";
  private static final Set<String> SCOPES = Set.of("orders:read", "tokens:read", "tokens:write");

  private final FleetConfig cfg;
  private final HikariDataSource adminPool;
  private final JdbcTokenStore adminStore;
  private final StatusCache adminStatuses;
  private final TokenService admin;
  private final KeySetHolder ring;
  private final TokenMinter minter;
  private final StringBuilder json = new StringBuilder();
  private final CpuMeter cpu;
  private String[] tokens;
  private String[] ids;
  private String[] jtis;

  private FleetBenchmark(FleetConfig cfg) throws Exception {
    this.cfg = cfg;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(cfg.url);
    hc.setUsername(cfg.user);
    if (cfg.password != null) {
      hc.setPassword(cfg.password);
    }
    hc.setMaximumPoolSize(2);
    hc.setPoolName("fleet-admin");
    hc.addDataSourceProperty("reWriteBatchedInserts", "true");
    hc.addDataSourceProperty("ApplicationName", "dz-fleet-admin");
    this.adminPool = new HikariDataSource(hc);
    this.adminStore =
        JdbcTokenStore.builder(adminPool)
            .tablePrefix(cfg.prefix)
            .createSchemaIfMissing(true)
            .build();
    this.adminStatuses = StatusCache.builder(adminStore).build();
    TokenKey key = TokenKey.generate(SignatureAlgorithm.HS256, "fleet");
    this.ring = KeySetHolder.of(KeySet.of(key));
    this.minter = TokenMinter.builder(FleetConfig.ISSUER, ring).build();
    this.admin = TokenService.builder(minter, adminStore, adminStatuses).build();
    this.cpu = new CpuMeter(adminPool);
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
    }
    FleetConfig cfg = FleetConfig.parse(args);
    FleetBenchmark b = new FleetBenchmark(cfg);
    boolean ok;
    try {
      ok = b.runAll();
    } finally {
      b.admin.close();
      b.adminStatuses.close();
      b.adminPool.close();
    }
    System.exit(ok ? 0 : 1);
  }

  // ---- the whole run --------------------------------------------------------------------------

  private boolean runAll() throws Exception {
    int total = prepareTokens();
    String[] db = databaseInfo();
    double[] background = backgroundRate(cfg.smoke ? 1 : 5);
    json.append("{\n  \"benchmark\": \"FleetBenchmark\",\n");
    field("date", Instant.now().toString());
    field("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    field("cores", Runtime.getRuntime().availableProcessors());
    field("postgres", db[0]);
    field("maxConnections", Integer.parseInt(db[1]));
    field("loadAverageAtStart", loadAverage());
    field("instances", cfg.instances);
    field("poolSize", cfg.poolSize);
    field("pollIntervalMs", cfg.pollInterval.toMillis());
    field("refreshAfterMs", cfg.refreshAfter.toMillis());
    field("measureSeconds", cfg.measure.toSeconds());
    field("sweepMs", cfg.sweep.toMillis());
    field("driverThreads", cfg.drivers);
    field("oldDriverThreads", cfg.oldDrivers);
    field("revokesPerRun", cfg.revokes);
    field("tokensCreated", total);
    field("backgroundXactPerSecond", round(background[0]));
    json.append("  \"runs\": [\n");
    List<double[]> rates = new ArrayList<>();
    int offset = 0;
    boolean ok = true;
    for (int r = 0; r < cfg.runs.size(); r++) {
      Run run = cfg.runs.get(r);
      RunResult res = runOne(run, offset);
      if (run.mode() != Mode.OLD) {
        offset += cfg.revokes;
      }
      ok &= res.ok;
      rates.add(new double[] {run.mode().ordinal(), res.statementsPerSecond});
      json.append(res.json).append(r + 1 < cfg.runs.size() ? ",\n" : "\n");
      System.gc();
    }
    json.append("  ],\n");
    field("loadAverageAtEnd", loadAverage());
    json.setLength(json.length() - 2);
    json.append("\n}\n");
    if (cfg.out != null) {
      Files.writeString(Path.of(cfg.out), json);
      System.out.println("wrote " + cfg.out);
    }
    if (cfg.smoke) {
      ok &= smokeCheck(rates);
    }
    return ok;
  }

  /** The key relation, checked by the CI smoke: the anchored design sends far fewer statements. */
  private boolean smokeCheck(List<double[]> rates) {
    double newRate = Double.MAX_VALUE;
    double oldRate = 0;
    for (double[] r : rates) {
      if (r[0] == Mode.OLD.ordinal()) {
        oldRate = Math.max(oldRate, r[1]);
      } else {
        newRate = Math.min(newRate, r[1]);
      }
    }
    boolean ok = newRate * 3 < oldRate;
    System.out.printf(
        Locale.ROOT,
        "smoke: new design %.1f statements/s vs old %.1f: %s%n",
        newRate,
        oldRate,
        ok ? "ok" : "FAILED (expected new < old / 3)");
    return ok;
  }

  /**
   * Mints every token the runs use and inserts their records in one batch: the window of run {@code
   * r} is {@code hot} tokens from its offset; the first {@code revokes} of a non-OLD run's window
   * are revoked by it, so later runs start after them.
   */
  private int prepareTokens() throws Exception {
    int offset = 0;
    int total = 0;
    for (Run run : cfg.runs) {
      total = Math.max(total, offset + run.hot());
      if (run.mode() != Mode.OLD) {
        offset += cfg.revokes;
      }
    }
    try (Connection c = adminPool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + cfg.prefix + "tokens, " + cfg.prefix + "status_feed");
      s.executeUpdate("UPDATE " + cfg.prefix + "feed_seq SET seq = 0 WHERE id = 1");
    }
    tokens = new String[total];
    ids = new String[total];
    jtis = new String[total];
    long started = System.nanoTime();
    String sql =
        "INSERT INTO "
            + cfg.prefix
            + "tokens (id, jti, name, description, token_prefix,"
            + " subject, business_id, scopes, created_by, created_at, updated_at, expires_at,"
            + " last_used_at, state, revoked_at, revoked_by, revocation_reason, status_version)"
            + " VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'ACTIVE', NULL, NULL, NULL, 0)";
    String scopes = String.join(" ", new java.util.TreeSet<>(SCOPES));
    try (Connection c = adminPool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      for (int i = 0; i < total; i++) {
        MintedToken m =
            minter.mint(new MintRequest(SUBJECT, BUSINESS, SCOPES, Duration.ofDays(30)));
        tokens[i] = m.token();
        jtis[i] = m.jti();
        ids[i] = UUID.randomUUID().toString();
        ps.setString(1, ids[i]);
        ps.setString(2, m.jti());
        ps.setString(3, "fleet " + i);
        ps.setString(4, m.displayPrefix());
        ps.setString(5, SUBJECT);
        ps.setString(6, BUSINESS);
        ps.setString(7, scopes);
        ps.setString(8, SUBJECT);
        ps.setLong(9, micros(m.issuedAt()));
        ps.setLong(10, micros(m.issuedAt()));
        ps.setLong(11, micros(m.expiresAt()));
        ps.addBatch();
        if (i % 1000 == 999) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
      c.commit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE " + cfg.prefix + "tokens");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%,d tokens minted and stored in %.1f s%n",
        total,
        (System.nanoTime() - started) / 1e9);
    return total;
  }

  // ---- one run: build a fleet, warm it, measure the steady state, revoke ------------------------

  private RunResult runOne(Run run, int offset) throws Exception {
    Mode mode = run.mode();
    int hot = run.hot();
    String[] hotTokens = Arrays.copyOfRange(tokens, offset, offset + hot);
    System.out.printf(
        Locale.ROOT, "== %s: %d instances x %d hot tokens%n", mode, cfg.instances, hot);
    ScheduledExecutorService housekeeping =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "fleet-hikari-housekeeping");
              t.setDaemon(true);
              return t;
            });
    List<FleetInstance> fleet = new ArrayList<>();
    RunResult res = new RunResult();
    Drivers drivers = null;
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < cfg.instances; i++) {
        fleet.add(new FleetInstance(i, mode, cfg, ring, housekeeping));
      }
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      if (mode == Mode.DOORBELL) {
        awaitDoorbells(fleet);
      }
      Snapshot beforeWarm = snapshot(fleet, null);
      t0 = System.nanoTime();
      warm(fleet, hotTokens);
      double warmSeconds = (System.nanoTime() - t0) / 1e9;
      Snapshot afterWarm = snapshot(fleet, null);
      // The old design's re-reads depend on how often a token is touched (a stale answer is re-read
      // at its first use after refreshAfter): touch its tokens more often.
      Duration sweep = mode == Mode.OLD ? cfg.sweep.dividedBy(4) : cfg.sweep;
      drivers =
          new Drivers(fleet, hotTokens, sweep, mode == Mode.OLD ? cfg.oldDrivers : cfg.drivers);
      // PostgreSQL 15 flushes a backend's counters at most once a second, and an idle backend's
      // up to 10 s later (PGSTAT_IDLE_INTERVAL): the warm-up's scans must be flushed before the
      // window opens. The old design also needs refreshAfter to pass before its re-reads start.
      Duration settle =
          cfg.smoke
              ? (mode == Mode.OLD ? cfg.refreshAfter.plusSeconds(1) : Duration.ofSeconds(1))
              : Duration.ofSeconds(12).plus(mode == Mode.OLD ? cfg.refreshAfter : Duration.ZERO);
      Thread.sleep(settle.toMillis());
      CpuMeter.Reading cpuA = cpu.read();
      Snapshot a = snapshot(fleet, drivers);
      LoadSampler load = new LoadSampler();
      Thread.sleep(cfg.measure.toMillis());
      Snapshot b = snapshot(fleet, drivers);
      double[] loads = load.stop();
      double[] cores = CpuMeter.cores(cpuA, cpu.read());
      int anchored = 0;
      for (FleetInstance f : fleet) {
        anchored += f.statuses.isAnchored() ? 1 : 0;
      }
      double secs = (b.nanos - a.nanos) / 1e9;
      double clientStatements =
          (b.lookupStatements
                  - a.lookupStatements
                  + b.feedStatements
                  - a.feedStatements
                  + b.doorbellStatements
                  - a.doorbellStatements)
              / secs;
      double dbStatements = (b.feedScans - a.feedScans + b.tokenScans - a.tokenScans) / secs;
      res.statementsPerSecond = clientStatements;
      double polls = cfg.instances / (cfg.pollInterval.toNanos() / 1e9);
      double target =
          mode == Mode.OLD
              ? (double) cfg.instances * hot / (cfg.refreshAfter.toNanos() / 1e9) + polls
              : 1.1 * polls;
      StringBuilder j = new StringBuilder();
      j.append("    {\n");
      kv(j, "mode", mode.name().toLowerCase(Locale.ROOT));
      kv(j, "instances", cfg.instances);
      kv(j, "hotTokens", hot);
      kv(j, "buildSeconds", round(buildSeconds));
      kv(j, "warmSeconds", round(warmSeconds));
      kv(j, "warmLookupStatements", afterWarm.lookupStatements - beforeWarm.lookupStatements);
      kv(j, "warmLookupJtis", afterWarm.lookupJtis - beforeWarm.lookupJtis);
      kv(j, "measuredSeconds", round(secs));
      kv(j, "dbXactPerSecond", round((b.xact - a.xact) / secs));
      kv(j, "dbFeedScansPerSecond", round((b.feedScans - a.feedScans) / secs));
      kv(j, "dbTokenScansPerSecond", round((b.tokenScans - a.tokenScans) / secs));
      kv(j, "dbTokenRowsPerSecond", round((b.tokenRows - a.tokenRows) / secs));
      kv(j, "dbStatementsPerSecond", round(dbStatements));
      kv(j, "statementsPerSecond", round(clientStatements));
      kv(
          j,
          "doorbellStatementsPerSecond",
          round((b.doorbellStatements - a.doorbellStatements) / secs));
      kv(j, "lookupStatementsPerSecond", round((b.lookupStatements - a.lookupStatements) / secs));
      kv(j, "lookupJtisPerSecond", round((b.lookupJtis - a.lookupJtis) / secs));
      kv(j, "feedStatementsPerSecond", round((b.feedStatements - a.feedStatements) / secs));
      kv(j, "storeCallsPerSecond", round((b.storeCalls - a.storeCalls) / secs));
      kv(j, "targetStatementsPerSecond", round(target));
      kv(j, "verifiesPerSecond", round((b.verifies - a.verifies) / secs));
      kv(j, "verifyFailures", b.failures - a.failures);
      kv(j, "driverThreads", drivers.threads.length);
      kv(j, "sweepTargetSeconds", round(sweep.toNanos() / 1e9));
      kv(j, "sweepSeconds", round(drivers.meanSweepSeconds()));
      kv(j, "anchoredInstances", anchored);
      kv(j, "loadAverage", "[" + round(loads[0]) + ", " + round(loads[1]) + "]", true);
      kv(j, "coresMachine", round(cores[0]));
      kv(j, "coresJvm", round(cores[1]));
      kv(j, "coresPgPoolBackends", round(cores[2]));
      kv(j, "coresPgDoorbellBackends", round(cores[3]));
      kv(j, "coresPgOtherBackends", round(cores[4]));
      System.out.printf(
          Locale.ROOT,
          "   steady %.0f s: %.1f statements/s (client; target %.1f), %.1f scans/s of its tables"
              + " (db), %.1f xact/s (db, all sessions), %.0f jtis/s, %.0f verifies/s, sweep %.2f s,"
              + " %d/%d anchored, load %.2f-%.2f; cores: machine %.2f, jvm %.2f, pg pools %.2f, pg"
              + " doorbells %.2f, pg other %.2f%n",
          secs,
          clientStatements,
          target,
          dbStatements,
          (b.xact - a.xact) / secs,
          (b.lookupJtis - a.lookupJtis) / secs,
          (b.verifies - a.verifies) / secs,
          drivers.meanSweepSeconds(),
          anchored,
          cfg.instances,
          loads[0],
          loads[1],
          cores[0],
          cores[1],
          cores[2],
          cores[3],
          cores[4]);
      if (mode != Mode.OLD && cfg.revokes > 0) {
        res.ok = revokes(fleet, offset, j);
      } else {
        j.setLength(j.length() - 2);
        j.append('\n');
      }
      j.append("    }");
      res.json = j.toString();
      return res;
    } finally {
      if (drivers != null) {
        drivers.stop();
      }
      for (FleetInstance f : fleet) {
        f.close();
      }
      housekeeping.shutdownNow();
    }
  }

  /** Waits (at most 20 s) until every doorbell listens, so a revoke measures a listening fleet. */
  private void awaitDoorbells(List<FleetInstance> fleet) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int listening = 0;
    while (System.nanoTime() < deadline) {
      listening = 0;
      for (FleetInstance f : fleet) {
        listening +=
            f.poller.lag().doorbell() == dev.dzauth.status.StatusFeedPoller.DoorbellState.LISTENING
                ? 1
                : 0;
      }
      if (listening == fleet.size()) {
        return;
      }
      Thread.sleep(100);
    }
    System.out.println("   only " + listening + " of " + fleet.size() + " doorbells listen");
  }

  /**
   * Verifies every hot token once on every instance, many at a time (64 threads, slices of 25
   * tokens of one instance), so that cold misses of one instance share store calls as concurrent
   * requests would.
   */
  private void warm(List<FleetInstance> fleet, String[] hotTokens) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      List<Future<?>> done = new ArrayList<>();
      AtomicInteger failures = new AtomicInteger();
      for (FleetInstance f : fleet) {
        for (int from = 0; from < hotTokens.length; from += 25) {
          int start = from;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = start; i < Math.min(hotTokens.length, start + 25); i++) {
                      try {
                        f.verifier.verify(hotTokens[i]);
                      } catch (DzAuthException e) {
                        failures.incrementAndGet();
                      }
                    }
                  }));
        }
      }
      for (Future<?> d : done) {
        d.get();
      }
      if (failures.get() > 0) {
        System.out.println("   warm-up: " + failures.get() + " verifications failed");
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Revokes {@code revokes} hot tokens one at a time through the admin instance, each after a
   * random pause (so revokes fall at random phases of the instances' polls), and times on every
   * instance how long after {@code revoke} returned its status cache answers REVOKED; then checks
   * that every instance's verifier refuses the token.
   */
  private boolean revokes(List<FleetInstance> fleet, int offset, StringBuilder j) throws Exception {
    Caller caller = new Caller(SUBJECT, BUSINESS, SCOPES);
    int n = fleet.size();
    long[] samples = new long[cfg.revokes * n];
    int count = 0;
    int missed = 0;
    int notRefused = 0;
    long revokeNanos = 0;
    Random random = new Random(10);
    Snapshot before = snapshot(fleet, null);
    long phaseStart = System.nanoTime();
    for (int k = 0; k < cfg.revokes; k++) {
      int t = offset + k;
      Thread.sleep(cfg.smoke ? 50 + random.nextInt(200) : 200 + random.nextInt(1000));
      long start = System.nanoTime();
      admin.revoke(caller, ids[t], "fleet benchmark");
      long committed = System.nanoTime();
      revokeNanos += committed - start;
      boolean[] seen = new boolean[n];
      int left = n;
      long deadline = committed + TimeUnit.SECONDS.toNanos(10);
      while (left > 0 && System.nanoTime() < deadline) {
        for (int i = 0; i < n; i++) {
          if (!seen[i]) {
            TokenStatus s;
            try {
              s = fleet.get(i).statuses.status(jtis[t]).status();
            } catch (DzAuthException e) {
              continue;
            }
            if (s == TokenStatus.REVOKED) {
              samples[count++] = System.nanoTime() - committed;
              seen[i] = true;
              left--;
            }
          }
        }
        LockSupport.parkNanos(100_000);
      }
      missed += left;
      for (FleetInstance f : fleet) {
        try {
          f.verifier.verify(tokens[t]);
          notRefused++;
        } catch (DzAuthException e) {
          if (e.reason() != DzAuthException.Reason.REVOKED) {
            notRefused++;
          }
        }
      }
    }
    double phaseSeconds = (System.nanoTime() - phaseStart) / 1e9;
    Snapshot after = snapshot(fleet, null);
    long[] s = Arrays.copyOf(samples, count);
    Arrays.sort(s);
    kv(j, "revokes", cfg.revokes);
    kv(j, "revokeSamples", count);
    kv(j, "revokeMissed", missed);
    kv(j, "revokeNotRefused", notRefused);
    kv(j, "revokeCallMs", round(revokeNanos / 1e6 / cfg.revokes));
    kv(
        j,
        "revokePhaseFeedStatementsPerRevoke",
        round(
            (after.feedStatements
                    - before.feedStatements
                    - phaseSeconds * n / (cfg.pollInterval.toNanos() / 1e9))
                / cfg.revokes));
    kv(j, "refusedP50Ms", round(quantile(s, 0.50) / 1e6));
    kv(j, "refusedP99Ms", round(quantile(s, 0.99) / 1e6));
    kv(j, "refusedMaxMs", round(s.length == 0 ? 0 : s[s.length - 1] / 1e6));
    StringBuilder q = new StringBuilder("[");
    for (int i = 0; i <= 200; i++) {
      q.append(i == 0 ? "" : ", ").append(round(quantile(s, i / 200.0) / 1e6));
    }
    kv(j, "refusedQuantilesMs", q.append(']').toString(), false);
    j.setLength(j.length() - 2);
    j.append('\n');
    System.out.printf(
        Locale.ROOT,
        "   revoke -> refused on %d instances x %d revokes: p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
            + " missed %d, not refused %d; revoke call %.1f ms%n",
        n,
        cfg.revokes,
        quantile(s, 0.5) / 1e6,
        quantile(s, 0.99) / 1e6,
        s.length == 0 ? 0 : s[s.length - 1] / 1e6,
        missed,
        notRefused,
        revokeNanos / 1e6 / cfg.revokes);
    return missed == 0 && notRefused == 0;
  }

  private static double quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  // ---- the verifier threads ---------------------------------------------------------------------

  /**
   * A few threads that keep every instance's hot tokens hot: thread {@code d} verifies all hot
   * tokens on instances {@code d, d + D, …}, once per sweep period (or back to back when a sweep
   * takes longer, as the old design's re-reads make it).
   */
  private final class Drivers {
    final LongAdder verifies = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder sweepNanos = new LongAdder();
    final LongAdder sweeps = new LongAdder();
    final Thread[] threads;
    volatile boolean running = true;

    final long period;

    Drivers(List<FleetInstance> fleet, String[] hotTokens, Duration sweep, int count) {
      period = sweep.toNanos();
      threads = new Thread[count];
      for (int d = 0; d < threads.length; d++) {
        List<FleetInstance> mine = new ArrayList<>();
        for (int i = d; i < fleet.size(); i += threads.length) {
          mine.add(fleet.get(i));
        }
        threads[d] = new Thread(() -> drive(mine, hotTokens), "fleet-driver-" + d);
        threads[d].setDaemon(true);
        threads[d].start();
      }
    }

    private void drive(List<FleetInstance> mine, String[] hotTokens) {
      while (running) {
        long start = System.nanoTime();
        for (FleetInstance f : mine) {
          long failed = 0;
          for (String t : hotTokens) {
            try {
              f.verifier.verify(t);
            } catch (DzAuthException e) {
              failed++;
            }
          }
          verifies.add(hotTokens.length);
          failures.add(failed);
          if (!running) {
            return;
          }
        }
        long took = System.nanoTime() - start;
        sweepNanos.add(took);
        sweeps.increment();
        if (took < period) {
          LockSupport.parkNanos(period - took);
        }
      }
    }

    double meanSweepSeconds() {
      long n = sweeps.sum();
      return n == 0 ? 0 : sweepNanos.sum() / 1e9 / n;
    }

    void stop() throws InterruptedException {
      running = false;
      for (Thread t : threads) {
        t.join(10_000);
      }
    }
  }

  // ---- counters
  // -----------------------------------------------------------------------------------

  /** PostgreSQL's own counters and the client-side ones, at one moment. */
  private static final class Snapshot {
    long nanos;
    long xact;
    long feedScans;
    long tokenScans;
    long tokenRows;
    long lookupStatements;
    long lookupJtis;
    long feedStatements;
    long doorbellStatements;
    long storeCalls;
    long verifies;
    long failures;
  }

  private Snapshot snapshot(List<FleetInstance> fleet, Drivers drivers) throws Exception {
    Snapshot s = new Snapshot();
    for (FleetInstance f : fleet) {
      s.lookupStatements += f.store.lookupStatements.sum();
      s.lookupJtis += f.store.lookupJtis.sum();
      s.feedStatements += f.store.feedStatements.sum();
      s.doorbellStatements += f.doorbellStatements.sum();
      s.storeCalls += f.statuses.stats().storeCalls();
    }
    if (drivers != null) {
      s.verifies = drivers.verifies.sum();
      s.failures = drivers.failures.sum();
    }
    long[] db = dbCounters();
    s.nanos = System.nanoTime();
    s.xact = db[0];
    s.feedScans = db[1];
    s.tokenScans = db[2];
    s.tokenRows = db[3];
    return s;
  }

  /**
   * Transactions committed and rolled back in this database (every autocommit statement is one;
   * others' sessions on the database count too: see the background rate), and scans of, and rows
   * fetched from, this benchmark's own tables.
   */
  private long[] dbCounters() throws Exception {
    String feed = cfg.prefix + "status_feed";
    String tok = cfg.prefix + "tokens";
    try (Connection c = adminPool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname ="
                    + " current_database()), (SELECT COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0)"
                    + " FROM pg_stat_user_tables WHERE relname = '"
                    + feed
                    + "'), (SELECT COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) FROM"
                    + " pg_stat_user_tables WHERE relname = '"
                    + tok
                    + "'), (SELECT COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0) FROM"
                    + " pg_stat_user_tables WHERE relname = '"
                    + tok
                    + "')")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
    }
  }

  /**
   * Transactions per second in the database while no instance runs (other sessions, the sampler).
   */
  private double[] backgroundRate(int seconds) throws Exception {
    long[] a = dbCounters();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long[] b = dbCounters();
    return new double[] {(b[0] - a[0]) / ((System.nanoTime() - t0) / 1e9)};
  }

  private String[] databaseInfo() throws Exception {
    try (Connection c = adminPool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version(), current_setting('max_connections')")) {
      rs.next();
      return new String[] {rs.getString(1).split(" on ")[0], rs.getString(2)};
    }
  }

  /** The 1-minute load average, sampled every second during a measurement: min and max. */
  private static final class LoadSampler {
    private volatile boolean running = true;
    private double min = Double.MAX_VALUE;
    private double max;
    private final Thread thread;

    LoadSampler() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  double l = loadAverage();
                  synchronized (this) {
                    min = Math.min(min, l);
                    max = Math.max(max, l);
                  }
                  LockSupport.parkNanos(1_000_000_000L);
                }
              },
              "fleet-load");
      thread.setDaemon(true);
      thread.start();
    }

    double[] stop() throws InterruptedException {
      running = false;
      thread.interrupt();
      thread.join();
      synchronized (this) {
        return new double[] {min, max};
      }
    }
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return -1;
    }
  }

  // ---- output
  // -------------------------------------------------------------------------------------

  private static final class RunResult {
    boolean ok = true;
    double statementsPerSecond;
    String json;
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private void field(String key, Object value) {
    json.append("  \"")
        .append(key)
        .append("\": ")
        .append(value instanceof String ? "\"" + value + "\"" : value)
        .append(",\n");
  }

  private static void kv(StringBuilder j, String key, Object value) {
    kv(j, key, value, value instanceof String);
  }

  private static void kv(StringBuilder j, String key, Object value, boolean quote) {
    boolean q = quote && !(value instanceof String s && s.startsWith("["));
    j.append("      \"")
        .append(key)
        .append("\": ")
        .append(q ? "\"" + value + "\"" : value)
        .append(",\n");
  }

  static String today() {
    return LocalDate.now(ZoneOffset.UTC).toString();
  }
}
