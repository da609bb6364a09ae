package dev.dzauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.testing.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The builder's validation, and what a doorbell does with no Redis at all (no server needed). */
final class RedisDoorbellBuilderTests {

  @Test
  void invalidOptionsAreRejectedWithAMessageNamingThem() {
    assertThatThrownBy(() -> RedisDoorbell.builder(" ", 6379))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host");
    assertThatThrownBy(() -> RedisDoorbell.builder("localhost", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port")
        .hasMessageContaining("0");
    var b = RedisDoorbell.builder("localhost", 6379);
    assertThatThrownBy(() -> b.keepalive(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keepalive");
    assertThatThrownBy(() -> b.keepalive(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keepalive");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> b.socketTimeout(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketTimeout");
    assertThatThrownBy(() -> b.channel(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channel");
    assertThatThrownBy(() -> b.channel("two words"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channel");
    assertThatThrownBy(() -> b.credentials(" ", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials");
  }

  @Test
  void uriGivesHostPortTlsAndCredentialsAndOtherSchemesAreRejected() {
    assertThat(RedisDoorbell.builder(URI.create("redis://cache.internal")).build())
        .hasToString(
            "RedisDoorbell{redis=cache.internal:6379, tls=false, channel=dz_status_feed,"
                + " listening=false}");
    assertThat(
            RedisDoorbell.builder(URI.create("rediss://app:s3cret@cache.internal:6380/2"))
                .channel("billing_feed")
                .build()
                .toString())
        .isEqualTo(
            "RedisDoorbell{redis=cache.internal:6380, tls=true, channel=billing_feed,"
                + " listening=false}")
        .doesNotContain("s3cret");
    assertThatThrownBy(() -> RedisDoorbell.builder(URI.create("http://cache.internal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uri")
        .hasMessageContaining("http");
    assertThatThrownBy(() -> RedisDoorbell.builder(URI.create("redis:opaque")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uri");
  }

  @Test
  void withoutAServerItNeverListensNeverThrowsAndClosesPromptly() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RedisDoorbell doorbell =
        RedisDoorbell.builder("127.0.0.1", port).keepalive(Duration.ofSeconds(1)).build();
    assertThatCode(doorbell::changed).doesNotThrowAnyException(); // before start: nothing to do
    AtomicInteger rings = new AtomicInteger();
    doorbell.start(rings::incrementAndGet);
    long slowest = 0;
    for (int i = 0; i < 1_000; i++) {
      long t = System.nanoTime();
      doorbell.changed();
      slowest = Math.max(slowest, System.nanoTime() - t);
    }
    assertThat(Duration.ofNanos(slowest))
        .isLessThan(Duration.ofMillis(50)); // never the connect timeout
    assertThat(doorbell.isListening()).isFalse();
    long t = System.nanoTime();
    doorbell.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(1));
    assertThatCode(doorbell::close).doesNotThrowAnyException();
    assertThatCode(doorbell::changed).doesNotThrowAnyException();
    // An executor reports termination when its worker leaves its loop; the thread itself ends a
    // moment later (seen alive under load), so wait for that, boundedly.
    Await.until(
        "the doorbell's threads end",
        Duration.ofSeconds(2),
        () -> DoorbellThreads.of(doorbell).isEmpty());
    assertThat(rings).hasValue(0);
  }
}
