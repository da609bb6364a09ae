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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The roll and owner-level routes through the starter on a moved base path ({@code /auth}): served
 * under it, with the maximum grace of {@code dz.auth.lifecycle.max-roll-grace-period}.
 */
@SpringBootTest(
    classes = WebTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "dz.auth.api.enabled=true",
      "dz.auth.api.base-path=/auth",
      "dz.auth.lifecycle.max-roll-grace-period=10m",
      "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
final class LifecycleRoutesHttpIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired TokenService service;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CreatedToken token(String subject, String business, String... scopes) {
    return service.create(
        new Caller(subject, business, Set.of(scopes)), CreateTokenRequest.named(subject));
  }

  @Test
  void rollIsServedUnderTheBasePathWithTheConfiguredMaximum() throws Exception {
    CreatedToken t = token("roller", UUID.randomUUID().toString(), "tokens:read", "tokens:write");
    String path = "/auth/tokens/" + t.record().id() + "/roll";

    HttpResponse<String> tooLong = send("POST", path, "{\"grace_period_seconds\":601}", t.token());
    assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(422);
    assertThat(JSON.readTree(tooLong.body()).get("detail").get(0).get("ctx").toString())
        .isEqualTo("{\"le\":600}");

    HttpResponse<String> rolled = send("POST", path, "{\"grace_period_seconds\":600}", t.token());
    assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(201);
    JsonNode body = JSON.readTree(rolled.body());
    assertThat(body.get("previous_token_info").get("replaced_by").stringValue())
        .isEqualTo(body.get("token_info").get("id").stringValue());
    assertThat(send("GET", "/auth/tokens", "", body.get("token").stringValue()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void ownerLevelRoutesAreServedUnderTheBasePath() throws Exception {
    String business = UUID.randomUUID().toString();
    CreatedToken admin = token("admin", business, "tokens:read", "tokens:admin");
    CreatedToken carol = token("carol", business, "tokens:read");
    assertThat(send("GET", "/auth/tokens", "", carol.token()).statusCode()).isEqualTo(200);

    HttpResponse<String> r =
        send("POST", "/auth/admin/tokens/revoke", "{\"subject\":\"carol\"}", admin.token());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("business_id").stringValue()).isEqualTo(business);
    assertThat(body.get("affected").asLong()).isEqualTo(1);

    HttpResponse<String> refused = send("GET", "/auth/tokens", "", carol.token());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(refused.body()).get("detail").stringValue())
        .isEqualTo("Token has been revoked");
    assertThat(send("GET", "/auth/tokens", "", admin.token()).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/api/v1/admin/tokens/revoke", "{}", admin.token()).statusCode())
        .as("not served at the default base path")
        .isNotIn(200, 500);
  }
}
