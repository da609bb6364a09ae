package dev.dzauth.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.testing.RawHttpConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The management API on Tomcat with a body that never fully arrives: the same answers, status and
 * bytes, as the servlet module's ({@code SlowBodyIT}), as promptly.
 */
@SpringBootTest(
    classes = WebTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "dz.auth.api.enabled=true",
      "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
final class SlowBodyHttpIT {

  @LocalServerPort int port;
  @Autowired TokenService tokens;

  @Test
  void aStalledBodyIsAnswered408WithJsonWithinTheBodyTimeout() throws Exception {
    try (RawHttpConnection c = new RawHttpConnection(port)) {
      long start = System.nanoTime();
      c.send(partialCreate());
      RawHttpConnection.Response r = c.read();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.println(
          "[dz-auth hardening] spring stalled body: "
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

  /**
   * Tomcat does not answer a request whose client closed its sending half: it closes the connection
   * (no bytes, no 5xx). Jetty answers it, with the servlet module's bytes (JettyHttpIT).
   */
  @Test
  void aShortBodyThenEndOfStreamIsAnswered400WithJsonOrClosedAtOnce() throws Exception {
    try (RawHttpConnection c = new RawHttpConnection(port)) {
      long start = System.nanoTime();
      c.send(partialCreate());
      c.shutdownOutput();
      RawHttpConnection.Response r;
      try {
        r = c.read();
      } catch (java.io.EOFException closed) {
        r = null;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.println(
          "[dz-auth hardening] spring short body: "
              + (r == null ? "connection closed, no answer" : r.status() + " " + r.body())
              + " after "
              + took.toMillis()
              + " ms");
      if (r != null) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"detail\":\"Request body incomplete\"}");
      }
      assertThat(took).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aWholeBodyStillCreatesAToken() throws Exception {
    try (RawHttpConnection c = new RawHttpConnection(port)) {
      String body = "{\"name\":\"whole\"}";
      c.send(
          ("POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + writer()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.US_ASCII));

      RawHttpConnection.Response created = c.read();
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.headers().get("cache-control")).isEqualTo("no-store");
      assertThat(created.headers()).doesNotContainKeys("pragma", "expires");
    }
  }

  private String writer() {
    return tokens
        .create(
            new Caller(
                "user-1", UUID.randomUUID().toString(), Set.of("tokens:read", "tokens:write")),
            CreateTokenRequest.named("writer"))
        .token();
  }

  private byte[] partialCreate() {
    return ("POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + writer()
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
