package dev.dzauth.spring.boot.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.testing.CaseVariants;
import dev.dzauth.testing.RawHttpConnection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The starter on Jetty: a token with its letter case changed is refused on one keep-alive connection. */
@SpringBootTest(
    classes = JettyTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
final class JettyHttpIT {

  @LocalServerPort int port;
  @Autowired TokenService tokens;
  @Autowired WebServerApplicationContext context;

  @Test
  void theApplicationRunsOnJetty() {
    assertThat(context.getWebServer()).isInstanceOf(JettyWebServer.class);
  }

  @Test
  void aTokenWithItsCaseChangedIsRefusedOnTheSameKeepAliveConnection() throws Exception {
    String token = tokens.create(new Caller("user-1", UUID.randomUUID().toString(), Set.of("tokens:read")),
        CreateTokenRequest.named("case")).token();
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
}
