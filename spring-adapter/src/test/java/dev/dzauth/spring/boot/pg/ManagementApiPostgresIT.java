package dev.dzauth.spring.boot.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.http.ApiRequest;
import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.spring.testing.Postgres;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.token.TokenVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management API of docs/API.md (Endpoints) served by Spring MVC through the shared {@link
 * TokenApi}, on the real PostgreSQL; where it matters, the bytes are compared with what {@link
 * TokenApi} itself answers (what the servlet version sends).
 */
@SpringBootTest(
    classes = PostgresTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"dz.auth.issuer=https://auth.test", "dz.auth.api.enabled=true"})
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class ManagementApiPostgresIT {

  static final String PREFIX = Postgres.uniquePrefix();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    Postgres.register(registry, PREFIX);
  }

  @AfterAll
  static void dropTables() {
    Postgres.dropTables(PREFIX);
  }

  @LocalServerPort int port;
  @Autowired TokenService tokens;
  @Autowired TokenApi api;
  @Autowired TokenVerifier verifier;
  @Autowired dev.dzauth.status.StatusFeedPoller poller;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String business = UUID.randomUUID().toString();
  private final String user = "user-" + UUID.randomUUID();

  private String bootstrap() {
    return tokens
        .create(
            new Caller(user, business, Set.of("tokens:read", "tokens:write")),
            CreateTokenRequest.named("bootstrap"))
        .token();
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  @Test
  void createAnswers201InTheSeedShape() throws Exception {
    HttpResponse<String> r =
        send("POST", "/api/v1/tokens", bootstrap(), "{\"name\":\"ci\",\"expires_in_days\":30}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = json(r);
    assertThat(body.propertyNames()).containsExactly("token", "token_info");
    assertThat(body.get("token").stringValue()).startsWith("dz_");
    assertThat(body.get("token_info").propertyNames())
        .containsExactly(
            "id",
            "jti",
            "name",
            "description",
            "token_prefix",
            "token_type",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
            "revocation_reason",
            "token_scope",
            "environment_id",
            "created_by",
            "updated_at");
    // The new token authenticates at once.
    assertThat(send("GET", "/api/v1/me", body.get("token").stringValue(), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void listPagesWithCursorsAndTotal() throws Exception {
    String token = bootstrap();
    for (int i = 0; i < 3; i++) {
      assertThat(send("POST", "/api/v1/tokens", token, "{\"name\":\"t" + i + "\"}").statusCode())
          .isEqualTo(201);
    }
    HttpResponse<String> first =
        send("GET", "/api/v1/tokens?limit=3&include_total_count=true", token, null);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode page = json(first);
    assertThat(page.propertyNames())
        .containsExactly(
            "items", "total", "limit", "next_cursor", "prev_cursor", "has_next", "has_prev");
    assertThat(page.get("total").asLong()).isEqualTo(4);
    assertThat(page.get("items")).hasSize(3);
    assertThat(page.get("has_next").asBoolean()).isTrue();
    String cursor = page.get("next_cursor").stringValue();
    HttpResponse<String> second =
        send(
            "GET",
            "/api/v1/tokens?limit=3&include_total_count=true&cursor="
                + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8),
            token,
            null);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    json(first).get("items").forEach(n -> names.add(n.get("name").stringValue()));
    json(second).get("items").forEach(n -> names.add(n.get("name").stringValue()));
    assertThat(names).containsExactlyInAnyOrder("bootstrap", "t0", "t1", "t2");
    assertThat(json(second).get("has_next").asBoolean()).isFalse();
  }

  @Test
  void getRevokeAndTheTokenIsRefusedAtOnce() throws Exception {
    String token = bootstrap();
    JsonNode created = json(send("POST", "/api/v1/tokens", token, "{\"name\":\"victim\"}"));
    String id = created.get("token_info").get("id").stringValue();
    String victim = created.get("token").stringValue();

    JsonNode got = json(send("GET", "/api/v1/tokens/" + id, token, null));
    assertThat(got.get("status").stringValue()).isEqualTo("active");
    assertThat(got.get("available_actions").get("revoke").asBoolean()).isTrue();

    HttpResponse<String> revoked =
        send("POST", "/api/v1/tokens/" + id + "/revoke", token, "{\"reason\":\"leaked\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
    assertThat(json(revoked).get("data").get("revocation_reason").stringValue())
        .isEqualTo("leaked");
    HttpResponse<String> refused = send("GET", "/api/v1/me", victim, null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).isEqualTo("{\"detail\":\"Token has been revoked\"}");
  }

  @Test
  void anotherUsersTokenIsNotFound() throws Exception {
    String mine = bootstrap();
    String id =
        json(send("POST", "/api/v1/tokens", mine, "{\"name\":\"mine\"}"))
            .get("token_info")
            .get("id")
            .stringValue();
    String other =
        tokens
            .create(
                new Caller("someone-else", business, Set.of("tokens:read", "tokens:write")),
                CreateTokenRequest.named("other"))
            .token();
    HttpResponse<String> r = send("GET", "/api/v1/tokens/" + id, other, null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).has("detail")).isTrue();
  }

  @Test
  void validationErrorsAreByteForByteTheSharedRules() throws Exception {
    String token = bootstrap();
    String body = "{\"name\":\"\",\"expires_in_days\":400}";
    HttpResponse<String> r = send("POST", "/api/v1/tokens", token, body);
    assertThat(r.statusCode()).isEqualTo(422);
    JsonNode detail = json(r).get("detail");
    assertThat(detail.get(0).get("loc").toString()).isEqualTo("[\"body\",\"name\"]");
    assertThat(detail.get(0).get("type").stringValue()).isEqualTo("string_too_short");

    ApiResponse direct =
        api.handle(
            new ApiRequest(
                "POST",
                "/api/v1/tokens",
                Map.of(),
                body.getBytes(StandardCharsets.UTF_8),
                verifier.verify(token)));
    assertThat(r.statusCode()).isEqualTo(direct.status());
    assertThat(r.body()).isEqualTo(direct.bodyText());

    HttpResponse<String> badLimit =
        send("GET", "/api/v1/tokens?limit=abc&include_revoked=maybe", token, null);
    ApiResponse directLimit =
        api.handle(
            new ApiRequest(
                "GET",
                "/api/v1/tokens",
                Map.of("limit", List.of("abc"), "include_revoked", List.of("maybe")),
                new byte[0],
                verifier.verify(token)));
    assertThat(badLimit.statusCode()).isEqualTo(422).isEqualTo(directLimit.status());
    assertThat(badLimit.body()).isEqualTo(directLimit.bodyText());
    assertThat(badLimit.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void onPostgresqlTheDoorbellListensByDefault() throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
    while (poller.lag().doorbell() != dev.dzauth.status.StatusFeedPoller.DoorbellState.LISTENING
        && System.nanoTime() < deadline) {
      Thread.sleep(20); // waiting for a real connection's first round trip, not synchronising
    }
    org.assertj.core.api.Assertions.assertThat(poller.lag().doorbell())
        .isEqualTo(dev.dzauth.status.StatusFeedPoller.DoorbellState.LISTENING);
    org.assertj.core.api.Assertions.assertThat(poller.lag().anchored()).isTrue();
  }

  @Test
  void jwksIsPublic() throws Exception {
    HttpResponse<String> r = send("GET", "/.well-known/jwks.json", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("keys").get(0).get("kty").stringValue()).isEqualTo("EC");
    assertThat(r.body()).doesNotContain("\"d\"");
  }

  @Test
  void withoutTokenTheApiIs401() throws Exception {
    HttpResponse<String> r = send("GET", "/api/v1/tokens", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(api.errors().notAuthenticated().bodyText());
  }
}
