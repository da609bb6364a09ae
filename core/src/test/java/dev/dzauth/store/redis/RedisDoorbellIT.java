package dev.dzauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.dzauth.testing.Await;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.LoopbackProxy;
import dev.dzauth.testing.RequiresDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * {@link RedisDoorbell} against the real Redis server: rings, keepalive, dead connections (cut and
 * silently dead, through {@link LoopbackProxy}), a non-blocking {@code changed()}, a prompt close.
 * Each test uses a channel of its own, so parallel runs on one server do not ring each other.
 */
@RequiresDatabase(Databases.Server.REDIS)
final class RedisDoorbellIT {

  private static final Duration KEEPALIVE = Duration.ofSeconds(1);
  private final URI redis = Databases.redis();
  private final String channel = "dz_test_" + UUID.randomUUID().toString().replace("-", "");
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void ringsOnceSubscribedAndListensOnlyAfterAPingRoundTrip() {
    AtomicInteger rings = new AtomicInteger();
    RedisDoorbell doorbell = started(direct(), rings);
    Duration took = Await.until("listening", Duration.ofSeconds(5), doorbell::isListening);
    assertThat(rings).hasValue(1);
    System.out.println("[dz-auth] Redis doorbell listening " + took.toMillis() + " ms after start");
  }

  @Test
  void aChangeRingsTheOtherInstancesButNotItselfNorAnotherChannel() {
    AtomicInteger ringsA = new AtomicInteger();
    AtomicInteger ringsB = new AtomicInteger();
    AtomicInteger ringsOther = new AtomicInteger();
    RedisDoorbell a = started(direct(), ringsA);
    RedisDoorbell b = started(direct(), ringsB);
    RedisDoorbell other =
        started(
            RedisDoorbell.builder(redis).channel(channel + "_other").keepalive(KEEPALIVE),
            ringsOther);
    Await.until(
        "all listening",
        Duration.ofSeconds(5),
        () -> a.isListening() && b.isListening() && other.isListening());

    a.changed();
    Await.until("B rung", Duration.ofSeconds(2), () -> ringsB.get() == 2);
    b.changed();
    Await.until("A rung", Duration.ofSeconds(2), () -> ringsA.get() == 2);
    // Each rang the other once: its own announcement came back to it too, and was ignored.
    assertThat(ringsA).hasValue(2);
    assertThat(ringsB).hasValue(2);
    assertThat(ringsOther).hasValue(1);
  }

  @Test
  void severalChangesBeforeThePublisherRunsMakeFewerPublishes() throws Exception {
    RedisDoorbell a = started(direct(), new AtomicInteger());
    Await.until("listening", Duration.ofSeconds(5), a::isListening);
    AtomicInteger received = new AtomicInteger();
    JedisPubSub counter =
        new JedisPubSub() {
          @Override
          public void onMessage(String ch, String message) {
            received.incrementAndGet();
          }
        };
    try (RedisClient raw = RedisClient.create(redis)) {
      Thread listener = new Thread(() -> raw.subscribe(counter, channel), "test-counter");
      listener.start();
      Await.until("counter subscribed", Duration.ofSeconds(5), counter::isSubscribed);
      for (int i = 0; i < 200; i++) {
        a.changed();
      }
      Await.until("an announcement", Duration.ofSeconds(5), () -> received.get() > 0);
      // Read before the change: read after it, a fast PUBLISH may already be counted and the wait
      // below would never end (seen under load).
      int before = received.get();
      a.changed(); // and a change after those is announced again
      Await.until("the last announcement", Duration.ofSeconds(5), () -> received.get() > before);
      counter.unsubscribe();
      listener.join(5_000);
    }
    System.out.println("[dz-auth] Redis doorbell: 201 changes, " + received.get() + " PUBLISHes");
    assertThat(received.get()).isBetween(2, 100);
  }

  @Test
  void aCutConnectionIsDetectedAndReopenedAndRingsAfterReconnecting() throws Exception {
    LoopbackProxy proxy = proxy();
    AtomicInteger rings = new AtomicInteger();
    RedisDoorbell doorbell = started(through(proxy), rings);
    Await.until("listening", Duration.ofSeconds(5), doorbell::isListening);

    proxy.cut();
    Duration lost =
        Await.until(
            "not listening after the cut",
            KEEPALIVE.multipliedBy(2),
            () -> !doorbell.isListening());
    proxy.restore();
    Duration back =
        Await.until("listening after the restore", Duration.ofSeconds(35), doorbell::isListening);
    assertThat(rings).as("one ring per (re)connection").hasValue(2);
    System.out.println(
        "[dz-auth] Redis doorbell, cut: not listening after "
            + lost.toMillis()
            + " ms, listening again "
            + back.toMillis()
            + " ms after the restore");
  }

  @Test
  void aSilentlyDeadConnectionIsDetectedByTheKeepaliveAndReopened() throws Exception {
    LoopbackProxy proxy = proxy();
    AtomicInteger rings = new AtomicInteger();
    RedisDoorbell doorbell = started(through(proxy).socketTimeout(Duration.ofMillis(500)), rings);
    Await.until("listening", Duration.ofSeconds(5), doorbell::isListening);

    proxy.blackhole(); // no reset, no end of stream: only the keepalive can tell
    Duration lost =
        Await.until(
            "not listening on a dead path",
            KEEPALIVE.multipliedBy(3),
            () -> !doorbell.isListening());
    proxy.restore();
    Duration back =
        Await.until("listening after the restore", Duration.ofSeconds(35), doorbell::isListening);
    assertThat(rings.get()).as("rung again after reconnecting").isGreaterThanOrEqualTo(2);
    System.out.println(
        "[dz-auth] Redis doorbell, dead path: not listening after "
            + lost.toMillis()
            + " ms, listening again "
            + back.toMillis()
            + " ms after the restore");
  }

  @Test
  void changedNeverThrowsNorBlocksWhileRedisIsUnreachable() throws Exception {
    LoopbackProxy proxy = proxy();
    RedisDoorbell doorbell = started(through(proxy), new AtomicInteger());
    Await.until("listening", Duration.ofSeconds(5), doorbell::isListening);
    for (Runnable outage : List.<Runnable>of(proxy::cut, proxy::blackhole)) {
      outage.run();
      long[] nanos = new long[2_000];
      for (int i = 0; i < nanos.length; i++) {
        long t = System.nanoTime();
        doorbell.changed(); // a throw fails the test
        nanos[i] = System.nanoTime() - t;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "[dz-auth] Redis doorbell unreachable: changed() p50 %d µs, p99 %d µs, max %d µs%n",
          nanos[nanos.length / 2] / 1_000,
          nanos[nanos.length * 99 / 100] / 1_000,
          nanos[nanos.length - 1] / 1_000);
      // Waiting for Redis would take the socket timeout (2 s); the slowest allows a pause of the
      // JVM.
      assertThat(Duration.ofNanos(nanos[nanos.length * 99 / 100])).isLessThan(Duration.ofMillis(1));
      assertThat(Duration.ofNanos(nanos[nanos.length - 1])).isLessThan(Duration.ofMillis(50));
      proxy.restore();
    }
  }

  @Test
  void closeStopsEveryThreadPromptlyEvenWhileConnecting() throws Exception {
    LoopbackProxy proxy = proxy();
    proxy.blackhole(); // the handshake never gets an answer
    RedisDoorbell doorbell =
        through(proxy)
            .connectTimeout(Duration.ofSeconds(30))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
    doorbell.start(() -> {});
    doorbell.changed();
    Await.until(
        "subscriber thread connecting",
        Duration.ofSeconds(2),
        () -> DoorbellThreads.of(doorbell).size() == 3);
    long t = System.nanoTime();
    doorbell.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(1));
    assertThat(DoorbellThreads.of(doorbell)).isEmpty();
    assertThat(doorbell.isListening()).isFalse();
  }

  @Test
  void wrongCredentialsNeverListenAndNeverThrow() {
    RedisDoorbell doorbell = started(direct().credentials("nobody", "wrong"), new AtomicInteger());
    assertThatCode(doorbell::changed).doesNotThrowAnyException();
    assertThat(doorbell.isListening()).isFalse();
    assertThatCode(doorbell::close).doesNotThrowAnyException();
  }

  private RedisDoorbell.Builder direct() {
    return RedisDoorbell.builder(redis).channel(channel).keepalive(KEEPALIVE);
  }

  private RedisDoorbell.Builder through(LoopbackProxy proxy) {
    return RedisDoorbell.builder("127.0.0.1", proxy.port()).channel(channel).keepalive(KEEPALIVE);
  }

  private LoopbackProxy proxy() throws Exception {
    LoopbackProxy proxy = LoopbackProxy.to(redis.getHost(), redis.getPort());
    closing.add(proxy);
    return proxy;
  }

  private RedisDoorbell started(RedisDoorbell.Builder builder, AtomicInteger rings) {
    RedisDoorbell doorbell = builder.build();
    closing.add(doorbell);
    doorbell.start(rings::incrementAndGet);
    return doorbell;
  }
}
