package dev.dzauth.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.servlet.testing.HardenedServer;
import dev.dzauth.testing.RawHttpConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A token API request whose body never fully arrives: headers with {@code Content-Length: 100}, ten
 * bytes, then a stall (408) or the sending half closed (400). Either is answered promptly (well
 * within Jetty's 30 s idle timeout) with the contract's {@code {"detail": …}} JSON.
 */
final class SlowBodyIT {

  @Test
  void aStalledBodyIsAnswered408WithJsonWithinTheBodyTimeout() throws Exception {
    try (HardenedServer s = new HardenedServer();
        RawHttpConnection c = new RawHttpConnection(s.port())) {
      long start = System.nanoTime();
      c.send(partialCreate(s));
      RawHttpConnection.Response r = c.read();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.println(
          "[dz-auth hardening] stalled body: "
              + r.status()
              + " "
              + r.body()
              + " after "
              + took.toMillis()
              + " ms");
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.headers().get("content-type")).isEqualTo("application/json");
      assertThat(r.body()).isEqualTo("{\"detail\":\"Request body not received in time\"}");
      assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aShortBodyThenEndOfStreamIsAnswered400WithJsonAtOnce() throws Exception {
    try (HardenedServer s = new HardenedServer();
        RawHttpConnection c = new RawHttpConnection(s.port())) {
      long start = System.nanoTime();
      c.send(partialCreate(s));
      c.shutdownOutput();
      RawHttpConnection.Response r = c.read();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.println(
          "[dz-auth hardening] short body: "
              + r.status()
              + " "
              + r.body()
              + " after "
              + took.toMillis()
              + " ms");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.headers().get("content-type")).isEqualTo("application/json");
      assertThat(r.body()).isEqualTo("{\"detail\":\"Request body incomplete\"}");
      assertThat(took).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aWholeBodyStillCreatesAToken() throws Exception {
    try (HardenedServer s = new HardenedServer();
        RawHttpConnection c = new RawHttpConnection(s.port())) {
      String token = s.service.create(s.alice, CreateTokenRequest.named("writer")).token();
      String body = "{\"name\":\"whole\"}";
      c.send(
          ("POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.US_ASCII));

      assertThat(c.read().status()).isEqualTo(201);
      assertThat(c.get("/api/v1/tokens", "Authorization: Bearer " + token).status()).isEqualTo(200);
    }
  }

  private static byte[] partialCreate(HardenedServer s) {
    String token = s.service.create(s.alice, CreateTokenRequest.named("writer")).token();
    return ("POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
