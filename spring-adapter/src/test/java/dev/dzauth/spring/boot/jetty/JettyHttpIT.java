package dev.dzauth.spring.boot.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.testing.CaseVariants;
import dev.dzauth.testing.RawHttpConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The starter on Jetty (the failsafe execution {@code on-jetty} adds {@code jetty-ee11-webapp}): a
 * token with its letter case changed is refused on one keep-alive connection, and a body that never
 * fully arrives gets the servlet module's answers, byte for byte.
 */
@EnabledIf("jettyOnClassPath")
@SpringBootTest(
    classes = JettyTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "dz.auth.api.enabled=true",
      "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
final class JettyHttpIT {

  @LocalServerPort int port;
  @Autowired TokenService tokens;
  @Autowired WebServerApplicationContext context;

  static boolean jettyOnClassPath() {
    return ClassUtils.isPresent("org.eclipse.jetty.ee11.webapp.WebAppContext", null);
  }

  @Test
  void theApplicationRunsOnJetty() {
    assertThat(context.getWebServer()).isInstanceOf(JettyWebServer.class);
  }

  @Test
  void aTokenWithItsCaseChangedIsRefusedOnTheSameKeepAliveConnection() throws Exception {
    String token =
        tokens
            .create(
                new Caller("user-1", UUID.randomUUID().toString(), Set.of("tokens:read")),
                CreateTokenRequest.named("case"))
            .token();
    try (RawHttpConnection c = new RawHttpConnection(port)) {
      assertThat(c.get("/api/v1/me", "Authorization: Bearer " + token).status()).isEqualTo(200);
      for (Map.Entry<String, String> v : CaseVariants.of(token).entrySet()) {
        RawHttpConnection.Response r = c.get("/api/v1/me", "Authorization: Bearer " + v.getValue());
        assertThat(r.status()).as(v.getKey()).isEqualTo(401);
        assertThat(r.body()).as(v.getKey()).doesNotContain("user-1");
      }
      assertThat(c.get("/api/v1/me", "Authorization: Bearer dz_").status()).isEqualTo(401);
      assertThat(c.get("/api/v1/me", "Authorization: Bearer " + token).status()).isEqualTo(200);
    }
  }

  @Test
  void aStalledOrShortBodyIsAnsweredAsByTheServletModule() throws Exception {
    String writer =
        tokens
            .create(
                new Caller(
                    "user-2", UUID.randomUUID().toString(), Set.of("tokens:read", "tokens:write")),
                CreateTokenRequest.named("writer"))
            .token();
    byte[] partial =
        ("POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + writer
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"")
            .getBytes(StandardCharsets.US_ASCII);
    try (RawHttpConnection stalled = new RawHttpConnection(port);
        RawHttpConnection shortBody = new RawHttpConnection(port)) {
      long start = System.nanoTime();
      stalled.send(partial);
      shortBody.send(partial);
      shortBody.shutdownOutput();

      RawHttpConnection.Response incomplete = shortBody.read();
      RawHttpConnection.Response timeout = stalled.read();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.println(
          "[dz-auth hardening] spring (Jetty) short body: "
              + incomplete.status()
              + " "
              + incomplete.body()
              + "; stalled body: "
              + timeout.status()
              + " "
              + timeout.body()
              + " after "
              + took.toMillis()
              + " ms");
      assertThat(incomplete.status()).isEqualTo(400);
      assertThat(incomplete.body()).isEqualTo("{\"detail\":\"Request body incomplete\"}");
      assertThat(timeout.status()).isEqualTo(408);
      assertThat(timeout.headers().get("content-type")).isEqualTo("application/json");
      assertThat(timeout.body()).isEqualTo("{\"detail\":\"Request body not received in time\"}");
      assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
  }
}
