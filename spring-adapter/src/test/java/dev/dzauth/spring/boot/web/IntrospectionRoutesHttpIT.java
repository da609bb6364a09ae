package dev.dzauth.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Introspection and leak reports through the starter on a moved base path ({@code /auth}): the leak
 * route moves with it (and keeps its own 1 MiB body bound on Tomcat), introspection stays at {@code
 * /oauth2/introspect} as the JWK Set stays at the root; {@code dz.auth.api.leak-reports-per-minute}
 * is the rate.
 */
@SpringBootTest(
    classes = WebTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "dz.auth.api.enabled=true",
      "dz.auth.api.base-path=/auth",
      "dz.auth.api.leak-reports-per-minute=2",
      "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
final class IntrospectionRoutesHttpIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired TokenService service;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, String type, String body, String token)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CreatedToken token(String subject, String business, String... scopes) {
    return service.create(
        new Caller(subject, business, Set.of(scopes)), CreateTokenRequest.named(subject));
  }

  @Test
  void introspectionStaysAtTheRootAndAnswersForTheCallersBusiness() throws Exception {
    String business = UUID.randomUUID().toString();
    CreatedToken rs = token("rs", business, "tokens:introspect");
    CreatedToken client = token("alice", business, "tokens:read");
    String form = "application/x-www-form-urlencoded;charset=UTF-8";

    HttpResponse<String> r =
        post("/oauth2/introspect", form, "token=" + client.token(), rs.token());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("sub").stringValue()).isEqualTo("alice");
    assertThat(JSON.readTree(r.body()).get("active").booleanValue()).isTrue();

    CreatedToken elsewhere = token("bob", UUID.randomUUID().toString(), "tokens:read");
    assertThat(post("/oauth2/introspect", form, "token=" + elsewhere.token(), rs.token()).body())
        .isEqualTo("{\"active\":false}");
    assertThat(
            post("/auth/oauth2/introspect", form, "token=" + client.token(), rs.token())
                .statusCode())
        .as("not moved by the base path")
        .isNotIn(200, 500);
  }

  @Test
  void leakReportsMoveWithTheBasePathTakeAMebibyteAndAreRateLimited() throws Exception {
    CreatedToken scanner = token("scanner", UUID.randomUUID().toString(), "tokens:report-leaks");
    CreatedToken leaked = token("alice", UUID.randomUUID().toString(), "tokens:read");
    StringBuilder body = new StringBuilder("{\"tokens\":[\"").append(leaked.token()).append('"');
    for (int i = 1; i < 1000; i++) {
      body.append(",\"dz_").append("q".repeat(900)).append(i).append('"');
    }
    body.append("]}");
    assertThat(body.length()).isGreaterThan(64 * 1024).isLessThan(1024 * 1024);

    HttpResponse<String> r =
        post("/auth/tokens/leaks", "application/json", body.toString(), scanner.token());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"received\":1000}");
    assertThat(service.store().findById(leaked.record().id()).orElseThrow().revokedBy())
        .isEqualTo("leak-report:scanner");

    String small = "{\"tokens\":[\"dz_x\"]}";
    assertThat(post("/auth/tokens/leaks", "application/json", small, scanner.token()).statusCode())
        .isEqualTo(200);
    HttpResponse<String> limited =
        post("/auth/tokens/leaks", "application/json", small, scanner.token());
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.body())
        .isEqualTo("{\"detail\":\"Rate limit exceeded: 2 leak reports per minute\"}");
  }
}
