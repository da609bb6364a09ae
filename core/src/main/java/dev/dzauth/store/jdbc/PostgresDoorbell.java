package dev.dzauth.store.jdbc;

import dev.dzauth.status.Doorbell;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Doorbell} on PostgreSQL {@code LISTEN}/{@code NOTIFY}: one dedicated connection per
 * instance listens on {@link JdbcTokenStore#notifyChannel()}, where every status change sends
 * {@code NOTIFY} inside its own transaction (delivered on commit, never for a rolled-back change).
 *
 * <ul>
 *   <li>It only wakes the poller: the feed stays the source of truth, so a lost, duplicated or late
 *       notification changes latency, never correctness.
 *   <li>It listens only once proven: after {@code LISTEN} it sends itself one notification on a
 *       channel of its own, and reports {@link #isListening()} when it comes back (within {@link
 *       Builder#keepalive}, default 10 s; else the connection is reopened).
 *   <li>A dead listening connection is detected: every keepalive it runs {@code SELECT 1} under a
 *       network timeout (not a notification: PostgreSQL wakes every listening backend of the
 *       database for each {@code NOTIFY}, so pings would cost instances² wake-ups). When the
 *       connection fails it is reopened (backoff 1 s doubling to 30 s), and the poller is woken
 *       after each reconnection (changes may have been committed meanwhile).
 *   <li>Through PgBouncer in transaction pooling mode {@code LISTEN} silently receives nothing: the
 *       self-notification never comes back, so {@link #isListening()} stays false, a WARN says so
 *       once, and the poll interval remains the bound. Give it a direct connection (or a
 *       session-mode pool) instead.
 * </ul>
 *
 * <p>Needs the PostgreSQL JDBC driver ({@code org.postgresql:postgresql}). The connection comes
 * from {@link ConnectionSource}: a pool's connection is held for good, so size the pool one larger
 * (or give it a plain {@code DriverManager} connection).
 */
public final class PostgresDoorbell implements Doorbell {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresDoorbell.class);
  private static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ConnectionSource connections;
  private final String channel;
  private final String pingChannel;
  private final long keepaliveNanos;
  private final Object lock = new Object();
  private volatile boolean running;
  private volatile boolean listening;
  private volatile @Nullable Connection connection;
  private @Nullable Thread thread; // guarded by lock
  private boolean warned; // listener thread only

  /** Opens the connection the doorbell listens on. */
  @FunctionalInterface
  public interface ConnectionSource {
    /** A new connection to the store's PostgreSQL database. */
    Connection open() throws SQLException;

    /** Connections from {@code dataSource} (one is held for as long as the doorbell listens). */
    static ConnectionSource of(DataSource dataSource) {
      Objects.requireNonNull(dataSource, "dataSource");
      return dataSource::getConnection;
    }
  }

  private PostgresDoorbell(Builder b) {
    this.connections = b.connections;
    this.channel = b.channel;
    byte[] nonce = new byte[8];
    new SecureRandom().nextBytes(nonce);
    this.pingChannel = "dz_doorbell_" + HexFormat.of().formatHex(nonce);
    this.keepaliveNanos = b.keepalive.toNanos();
  }

  /**
   * The default doorbell of {@code store}: on PostgreSQL, one listening on a connection of the
   * store's {@code DataSource} with default settings; {@code null} for any other store (its poll
   * interval is the bound). The one place this default is decided (init-params, Spring, demo).
   */
  public static @Nullable PostgresDoorbell auto(dev.dzauth.store.TokenStore store) {
    return store instanceof JdbcTokenStore jdbc && jdbc.dialect() == JdbcDialect.POSTGRESQL
        ? builder(jdbc).build()
        : null;
  }

  /**
   * A doorbell for {@code store}'s channel, listening on a connection of the store's own {@code
   * DataSource} (held for good: size the pool one larger).
   */
  public static Builder builder(JdbcTokenStore store) {
    return builder(store, ConnectionSource.of(store.dataSource));
  }

  /** A doorbell for {@code store}'s channel, listening on a connection from {@code connections}. */
  public static Builder builder(JdbcTokenStore store, ConnectionSource connections) {
    if (store.dialect() != JdbcDialect.POSTGRESQL) {
      throw new IllegalArgumentException(
          "PostgresDoorbell needs a PostgreSQL store, got " + store.dialect());
    }
    return new Builder(connections, store.notifyChannel());
  }

  @Override
  public void start(Runnable ring) {
    Objects.requireNonNull(ring, "ring");
    synchronized (lock) {
      if (thread != null) {
        return;
      }
      running = true;
      Thread t = new Thread(() -> listen(ring), "dz-auth-pg-doorbell");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  @Override
  public boolean isListening() {
    return listening;
  }

  private void listen(Runnable ring) {
    long backoff = FIRST_BACKOFF_NANOS;
    while (running) {
      try (Connection c = connections.open()) {
        connection = c;
        c.setAutoCommit(true);
        int networkTimeoutMillis =
            (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(keepaliveNanos));
        c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + channel + "\"");
          s.execute("LISTEN \"" + pingChannel + "\"");
        }
        ring.run(); // changes may have been committed while nobody listened
        long pingSent = ping(c);
        boolean awaitingPing = true;
        while (running) {
          PGNotification[] received = pg.getNotifications(1000);
          boolean feedChanged = false;
          if (received != null) {
            for (PGNotification n : received) {
              if (pingChannel.equals(n.getName())) {
                awaitingPing = false;
                backoff = FIRST_BACKOFF_NANOS;
                if (!listening) {
                  listening = true;
                  if (warned) {
                    LOG.info("status feed doorbell listens again on channel {}", channel);
                    warned = false;
                  }
                }
              } else {
                feedChanged = true;
              }
            }
          }
          if (feedChanged) {
            ring.run();
          }
          long sincePing = System.nanoTime() - pingSent;
          if (awaitingPing && sincePing > keepaliveNanos) {
            throw new SQLException(
                "a notification sent to itself did not come back within "
                    + Duration.ofNanos(keepaliveNanos)
                    + " (a dead connection, or LISTEN through a"
                    + " transaction-mode pooler such as PgBouncer)");
          }
          if (!awaitingPing && sincePing >= keepaliveNanos) {
            // A plain query proves the connection alive. Not another NOTIFY: PostgreSQL wakes
            // every listening backend of the database for each one, so per-instance pings cost
            // instances² wake-ups (4,000/s measured at 200 instances with a 10 s keepalive).
            keepalive(c);
            pingSent = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (!running) {
          return;
        }
        if (!warned) {
          warned = true;
          LOG.warn(
              "status feed doorbell not listening on channel {} ({}); changes from other"
                  + " instances arrive within the poll interval until it reconnects",
              channel,
              e.toString());
        }
      } finally {
        connection = null;
        listening = false;
      }
      if (!pause(backoff)) {
        return;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
    }
  }

  private void keepalive(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
  }

  private long ping(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
      ps.setString(1, pingChannel);
      ps.execute();
    }
    return System.nanoTime();
  }

  private boolean pause(long nanos) {
    synchronized (lock) {
      long deadline = System.nanoTime() + nanos;
      long left;
      while (running && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          return false;
        }
      }
      return running;
    }
  }

  /** Stops listening promptly, whatever the connection is doing; never throws. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      running = false;
      listening = false;
      t = thread;
      thread = null;
      lock.notifyAll();
    }
    Connection c = connection;
    if (c != null) {
      // abort, not close: the listener thread holds the driver's connection lock while it waits
      // for notifications, and close() (a pool's included) would queue behind it. abort() is
      // JDBC's way to end a connection in use on another thread: the listener's read fails at once.
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException ignored) {
        // ending anyway
      }
    }
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public String toString() {
    return "PostgresDoorbell{channel=" + channel + ", listening=" + listening + "}";
  }

  /** Configures a {@link PostgresDoorbell}. */
  public static final class Builder {
    private final ConnectionSource connections;
    private final String channel;
    private Duration keepalive = Duration.ofSeconds(10);

    private Builder(ConnectionSource connections, String channel) {
      this.connections = Objects.requireNonNull(connections, "connections");
      this.channel = channel;
    }

    /**
     * How often the listening connection proves it still receives (a notification to itself), and
     * how long one may take to come back; default 10 s, 1 s to 5 min.
     */
    public Builder keepalive(Duration keepalive) {
      if (keepalive.compareTo(Duration.ofSeconds(1)) < 0
          || keepalive.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("keepalive must be 1 s to 5 min, got " + keepalive);
      }
      this.keepalive = keepalive;
      return this;
    }

    /** Builds the doorbell; the {@code StatusFeedPoller} it is given to starts it. */
    public PostgresDoorbell build() {
      return new PostgresDoorbell(this);
    }
  }
}
