package dev.dzauth.sample.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.test.DzAuthTestTokens;
import dev.dzauth.test.security.DzAuthTestConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The whole application on a real port, called over HTTP with tokens minted by dz-auth-test. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DzAuthTestConfiguration.class)
final class OrdersApplicationIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired DzAuthTestTokens tokens;

  @Test
  void ordersWhenRealTokenThenOkUntilRevoked() throws Exception {
    CreatedToken token = tokens.create("alice", "b-1", Set.of("orders:read"));

    HttpResponse<String> ok = get(token.token());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"subject\":\"alice\"").contains("\"business_id\":\"b-1\"");

    tokens.revoke(token);
    HttpResponse<String> revoked = get(token.token());
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
  }

  @Test
  void ordersWhenScopeMissingThenForbidden() throws Exception {
    assertThat(get(tokens.mint("bob", "b-2", "orders:write")).statusCode()).isEqualTo(403);
  }

  @Test
  void ordersWhenTokenOfAnotherAssemblyThenUnauthorized() throws Exception {
    try (DzAuthTestTokens elsewhere = DzAuthTestTokens.create()) {
      assertThat(get(elsewhere.mint("eve", "b-1", "orders:read")).statusCode()).isEqualTo(401);
    }
  }

  private HttpResponse<String> get(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
