package dev.dzauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.jdbc.JdbcDialect;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.store.jdbc.PostgresDoorbell;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenVerifier;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;

/**
 * One simulated service instance of the fleet benchmark: its own HikariCP pool, {@code
 * JdbcTokenStore} (the shared tables), {@code StatusCache}, {@code TokenVerifier} and {@code
 * StatusFeedPoller}, and in {@link Mode#DOORBELL} its own {@code PostgresDoorbell} on a dedicated
 * {@code DriverManager} connection. In {@link Mode#OLD} the cache has no poller (every answer is
 * read again after {@code refreshAfter}, the load of the design before issue 10); the instance
 * still runs a poller, on a throwaway cache, so that its feed queries are counted as well.
 */
final class FleetInstance implements AutoCloseable {

  /** How an instance keeps its status cache in step. */
  enum Mode {
    /** Anchored on the feed (poller), no doorbell: the store is asked only on a miss. */
    NEW,
    /** Anchored on the feed, woken by PostgreSQL {@code LISTEN}/{@code NOTIFY}. */
    DOORBELL,
    /** No anchor: every cached answer is re-read after {@code refreshAfter} (today's load). */
    OLD
  }

  final int index;
  final HikariDataSource pool;
  final CountingStore store;
  final StatusCache statuses;
  final TokenVerifier verifier;
  final StatusFeedPoller poller;

  /** Statements the doorbell prepared on its connection (its keepalive notifications to itself). */
  final LongAdder doorbellStatements = new LongAdder();

  private final StatusCache throwaway;

  FleetInstance(
      int index,
      Mode mode,
      FleetConfig cfg,
      KeySetHolder ring,
      ScheduledExecutorService housekeeping)
      throws Exception {
    this.index = index;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(cfg.url);
    hc.setUsername(cfg.user);
    if (cfg.password != null) {
      hc.setPassword(cfg.password);
    }
    hc.setMaximumPoolSize(cfg.poolSize);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(2_000);
    hc.setPoolName("fleet-" + index);
    hc.setScheduledExecutor(housekeeping);
    hc.addDataSourceProperty("ApplicationName", "dz-fleet");
    this.pool = new HikariDataSource(hc);
    JdbcTokenStore jdbc =
        JdbcTokenStore.builder(pool)
            .dialect(JdbcDialect.POSTGRESQL)
            .tablePrefix(cfg.prefix)
            .build();
    this.store = new CountingStore(jdbc);
    this.statuses = StatusCache.builder(store).refreshAfter(cfg.refreshAfter).build();
    this.verifier = TokenVerifier.builder(FleetConfig.ISSUER, ring, statuses).build();
    StatusCache fed = statuses;
    if (mode == Mode.OLD) {
      this.throwaway = StatusCache.builder(store).maximumSize(16).build();
      fed = throwaway;
    } else {
      this.throwaway = null;
    }
    PostgresDoorbell doorbell = null;
    if (mode == Mode.DOORBELL) {
      String url = cfg.urlWith("ApplicationName=dz-fleet-doorbell");
      doorbell =
          PostgresDoorbell.builder(
                  jdbc,
                  () ->
                      counting(
                          DriverManager.getConnection(url, cfg.user, cfg.password),
                          doorbellStatements))
              .build();
    }
    this.poller =
        StatusFeedPoller.builder(store, fed)
            .pollInterval(cfg.pollInterval)
            .doorbell(doorbell)
            .build()
            .start();
  }

  /** {@code c}, counting the statements prepared on it; everything else goes to {@code c}. */
  private static Connection counting(Connection c, LongAdder prepared) {
    return (Connection)
        Proxy.newProxyInstance(
            FleetInstance.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement")) {
                prepared.increment();
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public void close() {
    poller.close();
    statuses.close();
    if (throwaway != null) {
      throwaway.close();
    }
    pool.close();
  }
}
