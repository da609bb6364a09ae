package dev.dzauth.store.redis;

import dev.dzauth.status.Doorbell;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * A {@link Doorbell} on Redis pub/sub, for stores without a notification of their own (MariaDB,
 * MySQL): after this instance makes a status change durable, {@link #changed()} publishes to {@link
 * Builder#channel} (default {@code dz_status_feed}); every instance subscribed to it polls its feed
 * at once.
 *
 * <ul>
 *   <li>It only wakes the poller: the feed stays the source of truth, so a lost, duplicated or late
 *       message changes latency, never correctness (the poll interval stays the bound).
 *   <li>{@link #changed()} never blocks nor throws: it hands the announcement to one background
 *       publisher, and several changes before it runs make one {@code PUBLISH}. A Redis outage
 *       costs latency only.
 *   <li>A dead subscription is detected: every {@link Builder#keepalive} (default 10 s) it
 *       publishes a ping to a channel of its own that it also subscribes to; a ping not back within
 *       the next keepalive (or a connection not subscribed within one) is a dead connection, whose
 *       socket the watchdog closes — a read blocked on a dead TCP path would otherwise never
 *       return. It then reconnects (backoff 1 s doubling to 30 s), and the poller is woken after
 *       each (re)connection (changes may have been committed meanwhile).
 *   <li>{@link #isListening()} is true only once a ping made the round trip on the current
 *       subscription. One WARN when it stops listening, one INFO when it listens again.
 *   <li>Pub/sub channels are server-wide (the database number does not separate them): deployments
 *       sharing one Redis need channels of their own. With ACLs, allow {@code &<channel>*}.
 * </ul>
 *
 * <p>Thread-safe. Runs three daemon threads from {@link #start} (subscriber, publisher, watchdog);
 * {@link #close()} stops them promptly and never throws. Needs {@code redis.clients:jedis}.
 */
public final class RedisDoorbell implements Doorbell {

  /** The default channel. */
  public static final String DEFAULT_CHANNEL = "dz_status_feed";

  private static final Logger LOG = LoggerFactory.getLogger(RedisDoorbell.class);
  private static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long JOIN_MILLIS = 2_000;

  private final String address;
  private final boolean tls;
  private final String channel;
  private final String instanceId;
  private final String pingChannel;
  private final long keepaliveNanos;
  private final Sockets sockets;
  private final JedisClientConfig publisherConfig;
  private final JedisClientConfig subscriberConfig;
  private final int connectTimeoutMillis;
  private final Object lock = new Object();
  private final AtomicBoolean changePending = new AtomicBoolean();
  private final Runnable announce = this::announce;
  private final AtomicLong pings = new AtomicLong();
  private volatile boolean running;
  private volatile boolean listening;
  private volatile @Nullable Subscription current;
  private volatile @Nullable ExecutorService publisher;
  private volatile @Nullable RedisClient client;
  private @Nullable Thread subscriber; // guarded by lock
  private @Nullable ScheduledExecutorService watchdog; // guarded by lock
  private boolean started; // guarded by lock
  private boolean warned; // subscriber thread only

  private RedisDoorbell(Builder b) {
    this.address = b.host + ":" + b.port;
    this.tls = b.tls;
    this.channel = b.channel;
    byte[] nonce = new byte[8];
    new SecureRandom().nextBytes(nonce);
    this.instanceId = HexFormat.of().formatHex(nonce);
    this.pingChannel = channel + ":ping:" + instanceId;
    this.keepaliveNanos = b.keepalive.toNanos();
    this.connectTimeoutMillis = millis(b.connectTimeout);
    this.sockets =
        new Sockets(b.host, b.port, b.tls, connectTimeoutMillis, millis(b.socketTimeout));
    // RESP2, stated: Jedis would otherwise connect while building the client to ask the server,
    // and RESP2 pub/sub (a dedicated connection) is what every compatible server supports.
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .protocol(RedisProtocol.RESP2)
            .connectionTimeoutMillis(connectTimeoutMillis)
            .socketTimeoutMillis(millis(b.socketTimeout));
    if (b.password != null) {
      config.user(b.user).password(b.password);
    }
    this.publisherConfig = config.build();
    // The subscriber's reads are bounded too (the watchdog acts first): 3 keepalives.
    this.subscriberConfig =
        DefaultJedisClientConfig.builder()
            .from(publisherConfig)
            .blockingSocketTimeoutMillis(millis(b.keepalive.multipliedBy(3)))
            .build();
  }

  /** A doorbell on the Redis server at {@code host:port}. */
  public static Builder builder(String host, int port) {
    requireJedis();
    return new Builder(host, port);
  }

  /** Fails with a message saying what to add when Jedis is not on the class path. */
  private static void requireJedis() {
    try {
      Class.forName("redis.clients.jedis.JedisPubSub", false, RedisDoorbell.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "the Redis doorbell needs Jedis on the class path (redis.clients:jedis)");
    }
  }

  /**
   * A doorbell on the Redis server of {@code uri}: {@code redis://[[user]:password@]host[:port]},
   * or {@code rediss://} for TLS; the port defaults to 6379, a database number is ignored (pub/sub
   * is server-wide).
   */
  public static Builder builder(URI uri) {
    Objects.requireNonNull(uri, "uri");
    requireJedis();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException(
          "uri must start with redis:// or rediss://, got scheme '" + scheme + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("uri must name a host, as in redis://host:6379");
    }
    Builder b =
        new Builder(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort())
            .tls(scheme.equals("rediss"));
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? null : userInfo.substring(0, colon);
      b.credentials(
          user == null || user.isEmpty() ? null : user,
          colon < 0 ? userInfo : userInfo.substring(colon + 1));
    }
    return b;
  }

  @Override
  public void start(Runnable ring) {
    Objects.requireNonNull(ring, "ring");
    synchronized (lock) {
      if (started) {
        return;
      }
      started = true;
      running = true;
      try {
        publisher =
            new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemon("publisher"));
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, daemon("watchdog"));
        w.setRemoveOnCancelPolicy(true);
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), keepaliveNanos / 4);
        w.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.NANOSECONDS);
        watchdog = w;
        Thread t = daemon("subscriber").newThread(() -> subscribe(ring));
        subscriber = t;
        t.start();
      } catch (RuntimeException | LinkageError e) {
        LOG.warn(
            "status feed doorbell cannot start on Redis {} ({}); changes from other instances"
                + " arrive within the poll interval",
            address,
            e.toString());
      }
    }
  }

  @Override
  public boolean isListening() {
    return listening;
  }

  @Override
  public void changed() {
    ExecutorService p = publisher;
    if (!running || p == null || !changePending.compareAndSet(false, true)) {
      return; // not started, closed, or an announcement already queued will cover this change
    }
    try {
      p.execute(announce);
    } catch (RejectedExecutionException e) {
      changePending.set(false); // closed meanwhile
    } catch (RuntimeException e) {
      changePending.set(false);
      LOG.debug("status feed doorbell could not queue an announcement: {}", e.toString());
    }
  }

  /**
   * The publishing client, made on first use on the publisher thread (Jedis may talk to the server
   * while building one, and {@link #start} must not wait for that).
   */
  private @Nullable RedisClient client() {
    RedisClient c = client;
    if (c == null && running) {
      GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
      pool.setMaxTotal(2);
      pool.setMaxIdle(2);
      pool.setMinIdle(0);
      pool.setMaxWait(Duration.ofMillis(connectTimeoutMillis));
      pool.setJmxEnabled(false);
      c =
          RedisClient.builder()
              .connectionProvider(
                  new PooledConnectionProvider(
                      new ConnectionFactory(sockets.factory(), publisherConfig), pool))
              .build();
      client = c;
      if (!running) { // closed meanwhile: close() may have missed it
        client = null;
        c.close();
        return null;
      }
    }
    return c;
  }

  private void announce() {
    changePending.set(false); // before publishing: a change from now on is announced again
    publish(channel, instanceId);
  }

  private void subscribe(Runnable ring) {
    long backoff = FIRST_BACKOFF_NANOS;
    while (running) {
      Subscription s = new Subscription(this, ring, sockets.factory());
      String failure;
      Connection c = null;
      current = s;
      try {
        c = new Connection(s.socket(), subscriberConfig);
        s.proceed(c, channel, pingChannel); // returns only when the connection fails
        failure = "the subscription ended";
      } catch (RuntimeException e) {
        String reason = s.deathReason();
        failure = reason != null ? reason : e.toString();
      } finally {
        current = null;
        listening = false;
        if (c != null) {
          c.setBroken(); // closing does not wait for a reply from a dead connection
          try {
            c.close();
          } catch (RuntimeException ignored) {
            // closing anyway
          }
        }
        Sockets.closeQuietly(s.socket().last());
      }
      if (!running) {
        return;
      }
      if (s.confirmed()) {
        backoff = FIRST_BACKOFF_NANOS;
      }
      if (!warned) {
        warned = true;
        LOG.warn(
            "status feed doorbell not listening on Redis {} channel {} ({}); changes from other"
                + " instances arrive within the poll interval until it reconnects",
            address,
            channel,
            failure);
      }
      if (!pause(backoff)) {
        return;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
    }
  }

  /** The watchdog: pings the current subscription every keepalive, closes it when one is lost. */
  private void watch() {
    try {
      Subscription s = current;
      if (s == null || !running) {
        return;
      }
      String verdict = s.check(System.nanoTime(), keepaliveNanos);
      if (verdict == null) {
        return;
      }
      if (verdict.isEmpty()) {
        ping(s);
      } else {
        listening = false;
        s.kill(verdict);
      }
    } catch (RuntimeException e) {
      LOG.debug(
          "status feed doorbell watchdog: {}", e.toString()); // a throw would end the schedule
    }
  }

  /** Publishes a keepalive ping for {@code s} (on the publisher thread). */
  void ping(Subscription s) {
    String payload = s.nextPing(pings.incrementAndGet(), System.nanoTime());
    ExecutorService p = publisher;
    if (p == null) {
      return;
    }
    try {
      p.execute(() -> publish(pingChannel, payload));
    } catch (RejectedExecutionException e) {
      // closed: the subscription goes too
    }
  }

  /** A ping came back on {@code s} (subscriber thread). */
  void confirmed(Subscription s) {
    if (s != current || !running) {
      return;
    }
    listening = true;
    if (warned) {
      warned = false;
      LOG.info("status feed doorbell listens again on Redis {} channel {}", address, channel);
    }
  }

  private void publish(String to, String message) {
    for (int attempt = 1; running; attempt++) {
      try {
        RedisClient c = client();
        if (c == null) {
          return;
        }
        c.publish(to, message);
        return;
      } catch (JedisConnectionException e) {
        if (attempt == 2) { // once more on a fresh connection: the pooled one may have been closed
          LOG.debug(
              "status feed doorbell could not publish to Redis {}: {}", address, e.toString());
          return;
        }
      } catch (RuntimeException e) {
        LOG.debug("status feed doorbell could not publish to Redis {}: {}", address, e.toString());
        return;
      }
    }
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

  @Override
  public void close() {
    Thread t;
    ScheduledExecutorService w;
    synchronized (lock) {
      running = false;
      started = true; // never starts after close
      t = subscriber;
      subscriber = null;
      w = watchdog;
      watchdog = null;
      lock.notifyAll();
    }
    listening = false;
    sockets.closeAll(); // aborts connects and blocked reads at once
    ExecutorService p = publisher;
    publisher = null;
    RedisClient c = client;
    client = null;
    try {
      if (w != null) {
        w.shutdownNow();
      }
      if (p != null) {
        p.shutdownNow();
      }
      if (c != null) {
        c.close();
      }
    } catch (RuntimeException ignored) {
      // closing anyway
    }
    if (t != null) {
      t.interrupt();
    }
    try {
      if (t != null && t != Thread.currentThread()) {
        t.join(JOIN_MILLIS);
      }
      if (p != null) {
        p.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS);
      }
      if (w != null) {
        w.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String pingChannel() {
    return pingChannel;
  }

  String instanceId() {
    return instanceId;
  }

  private ThreadFactory daemon(String role) {
    String name = "dz-auth-redis-doorbell-" + instanceId.substring(0, 6) + "-" + role;
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  @Override
  public String toString() {
    return "RedisDoorbell{redis="
        + address
        + ", tls="
        + tls
        + ", channel="
        + channel
        + ", listening="
        + listening
        + "}";
  }

  /** Configures a {@link RedisDoorbell}. */
  public static final class Builder {
    private final String host;
    private final int port;
    private String channel = DEFAULT_CHANNEL;
    private @Nullable String user;
    private @Nullable String password;
    private boolean tls;
    private Duration keepalive = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration socketTimeout = Duration.ofSeconds(2);

    private Builder(String host, int port) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
      }
      this.host = host;
      this.port = port;
    }

    /**
     * The channel changes are announced on; default {@value #DEFAULT_CHANNEL}. Instances of one
     * deployment share it; deployments sharing a Redis server each need their own.
     */
    public Builder channel(String channel) {
      Objects.requireNonNull(channel, "channel");
      if (channel.isEmpty()
          || channel.length() > 200
          || !channel.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
        throw new IllegalArgumentException(
            "channel must be 1 to 200 printable ASCII characters without spaces, got '"
                + channel
                + "'");
      }
      this.channel = channel;
      return this;
    }

    /**
     * The password ({@code AUTH}), and the ACL user ({@code null}: the default user); default none.
     */
    public Builder credentials(@Nullable String user, String password) {
      Objects.requireNonNull(password, "password");
      if (user != null && user.isBlank()) {
        throw new IllegalArgumentException(
            "credentials user must not be blank (null for the default user)");
      }
      this.user = user;
      this.password = password;
      return this;
    }

    /** Whether to connect with TLS (JVM default trust store, host name verified); default false. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * How often the subscription proves it still receives (a ping published to itself), how long a
     * ping may take to come back, and how long a new connection may take to be subscribed; default
     * 10 s, 1 s to 5 min.
     */
    public Builder keepalive(Duration keepalive) {
      if (keepalive.compareTo(Duration.ofSeconds(1)) < 0
          || keepalive.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("keepalive must be 1 s to 5 min, got " + keepalive);
      }
      this.keepalive = keepalive;
      return this;
    }

    /** How long a TCP connect may take; default 2 s, 10 ms to 1 min. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = timeout("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * How long a reply to a command ({@code PUBLISH}, the handshake) may take; default 2 s, 10 ms
     * to 1 min.
     */
    public Builder socketTimeout(Duration socketTimeout) {
      this.socketTimeout = timeout("socketTimeout", socketTimeout);
      return this;
    }

    private static Duration timeout(String option, Duration d) {
      if (d.compareTo(Duration.ofMillis(10)) < 0 || d.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(option + " must be 10 ms to 1 min, got " + d);
      }
      return d;
    }

    /** Builds the doorbell; the {@code StatusFeedPoller} it is given to starts it. */
    public RedisDoorbell build() {
      return new RedisDoorbell(this);
    }
  }
}
