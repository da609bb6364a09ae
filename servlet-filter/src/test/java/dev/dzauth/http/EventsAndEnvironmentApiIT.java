package dev.dzauth.http;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/tokens/{id}/events} with the client address and user agent the filter's
 * container saw, and environment-scoped tokens (create, {@code x-environment-id}, the principal)
 * through the servlet filter on Jetty.
 */
final class EventsAndEnvironmentApiIT {

  private static final Set<String> READ_WRITE = Set.of(TokenApi.READ_SCOPE, TokenApi.WRITE_SCOPE);
  private static final String JSON = "application/json";
  private static final String UA = "events-it/1.0 (dz-auth tests)";

  private static DemoFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new DemoFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static CreatedToken token(String subject, CreateTokenRequest request) {
    return fx.demo
        .service()
        .create(new Caller(subject, UUID.randomUUID().toString(), READ_WRITE), request);
  }

  private static Response post(String path, String body, String token, String... more) {
    String[] headers = new String[more.length + 4];
    headers[0] = "Content-Type";
    headers[1] = JSON;
    headers[2] = "User-Agent";
    headers[3] = UA;
    System.arraycopy(more, 0, headers, 4, more.length);
    return fx.http.post(path, body, bearer(token, headers));
  }

  private static Response get(String path, String token, String... more) {
    return fx.http.get(path, bearer(token, more));
  }

  private static List<String> fields(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.propertyNames().forEach(names::add);
    return names;
  }

  // --- events

  @Test
  void eventsListTheTokensChangesWithTheClientAddressAndUserAgentSeen() {
    CreatedToken caller = token("eve", CreateTokenRequest.named("caller"));
    Response created = post("/api/v1/tokens", "{\"name\":\"audited\"}", caller.token());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("token_info").get("id").stringValue();
    String path = "/api/v1/tokens/" + id;
    assertThat(post(path + "/suspend", "", caller.token()).status()).isEqualTo(200);
    assertThat(post(path + "/activate", "", caller.token()).status()).isEqualTo(200);
    assertThat(post(path + "/revoke", "{\"reason\":\"rotated\"}", caller.token()).status())
        .isEqualTo(201);

    Response r = get(path + "/events", caller.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.body()).doesNotContain("dz_");
    JsonNode page = r.json();
    assertThat(fields(page)).containsExactly("items", "limit", "next_cursor", "has_next");
    assertThat(page.get("limit").asInt()).isEqualTo(50);
    assertThat(page.get("has_next").asBoolean()).isFalse();
    assertThat(page.get("next_cursor").isNull()).isTrue();
    JsonNode items = page.get("items");
    List<String> types = new ArrayList<>();
    for (JsonNode e : items) {
      types.add(e.get("type").stringValue());
      assertThat(fields(e))
          .containsExactly(
              "id",
              "type",
              "occurred_at",
              "token_id",
              "jti",
              "actor",
              "reason",
              "client_ip",
              "user_agent");
      assertThat(e.get("token_id").stringValue()).isEqualTo(id);
      assertThat(e.get("jti").stringValue())
          .isEqualTo(created.json().get("token_info").get("jti").stringValue());
      assertThat(e.get("actor").stringValue()).isEqualTo("eve");
      assertThat(e.get("client_ip").stringValue()).isEqualTo("127.0.0.1");
      assertThat(e.get("user_agent").stringValue()).isEqualTo(UA);
      assertThat(Instant.parse(e.get("occurred_at").stringValue())).isBefore(Instant.now());
      UUID.fromString(e.get("id").stringValue());
    }
    assertThat(types).containsExactly("created", "suspended", "activated", "revoked");
    assertThat(items.get(3).get("reason").stringValue()).isEqualTo("rotated");
    assertThat(items.get(0).get("reason").isNull()).isTrue();

    // Pages of two, with the cursor.
    JsonNode first = get(path + "/events?limit=2", caller.token()).json();
    assertThat(first.get("items").size()).isEqualTo(2);
    assertThat(first.get("has_next").asBoolean()).isTrue();
    String cursor = first.get("next_cursor").stringValue();
    JsonNode second = get(path + "/events?limit=2&cursor=" + cursor, caller.token()).json();
    assertThat(second.get("items").size()).isEqualTo(2);
    assertThat(second.get("items").get(0).get("type").stringValue()).isEqualTo("activated");
    assertThat(second.get("has_next").asBoolean()).isFalse();

    // The cursor is bound to its token.
    Response foreign =
        get("/api/v1/tokens/" + caller.record().id() + "/events?cursor=" + cursor, caller.token());
    assertThat(foreign.status()).isEqualTo(422);
    assertThat(foreign.json().get("detail").get(0).get("loc").toString())
        .isEqualTo("[\"query\",\"cursor\"]");
  }

  @Test
  void eventsRefuseOthersTokensBadQueriesOtherMethodsAndMissingScopes() {
    CreatedToken mine = token("frank", CreateTokenRequest.named("mine"));
    CreatedToken theirs = token("grace", CreateTokenRequest.named("theirs"));
    Response other = get("/api/v1/tokens/" + theirs.record().id() + "/events", mine.token());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().get("detail").stringValue()).isEqualTo("Token not found");
    assertThat(get("/api/v1/tokens/" + UUID.randomUUID() + "/events", mine.token()).status())
        .isEqualTo(404);

    String path = "/api/v1/tokens/" + mine.record().id() + "/events";
    for (String bad : List.of("limit=0", "limit=101", "limit=abc", "cursor=garbage")) {
      Response r = get(path + "?" + bad, mine.token());
      assertThat(r.status()).as(bad).isEqualTo(422);
    }
    assertThat(
            get(path + "?limit=0", mine.token())
                .json()
                .get("detail")
                .get(0)
                .get("type")
                .stringValue())
        .isEqualTo("greater_than_equal");
    Response post = post(path, "{}", mine.token());
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET");
    CreatedToken writer =
        fx.demo
            .service()
            .create(
                new Caller("frank", mine.record().businessId(), READ_WRITE),
                new CreateTokenRequest("writer", null, 30, Set.of(TokenApi.WRITE_SCOPE)));
    Response forbidden = get(path, writer.token());
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.header("WWW-Authenticate")).contains("scope=\"tokens:read\"");
    assertThat(fx.http.get(path).status()).isEqualTo(401);
  }

  // --- environment scope

  @Test
  void anEnvironmentScopedTokenIsMadeShownAndRefusedInAnotherEnvironment() {
    CreatedToken account = token("henry", CreateTokenRequest.named("account"));
    Response created =
        post(
            "/api/v1/tokens",
            "{\"name\":\"prod\",\"environment_id\":\"env-prod\"}",
            account.token());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode info = created.json().get("token_info");
    assertThat(info.get("token_scope").stringValue()).isEqualTo("environment");
    assertThat(info.get("environment_id").stringValue()).isEqualTo("env-prod");
    assertThat(info.get("created_by").stringValue()).isEqualTo("henry");
    assertThat(info.get("updated_at").stringValue())
        .isEqualTo(info.get("created_at").stringValue());
    String prod = created.json().get("token").stringValue();

    JsonNode details = get("/api/v1/tokens/" + info.get("id").stringValue(), prod).json();
    assertThat(details.get("token_scope").stringValue()).isEqualTo("environment");
    assertThat(details.get("environment_id").stringValue()).isEqualTo("env-prod");
    assertThat(details.get("created_by").stringValue()).isEqualTo("henry");
    assertThat(details.get("status").stringValue()).isEqualTo("active");

    // Refused in another environment, on the application and on the token API alike.
    for (String path : List.of("/api/v1/me", "/api/v1/tokens")) {
      Response refused = get(path, prod, "x-environment-id", "env-staging");
      assertThat(refused.status()).as(path).isEqualTo(403);
      assertThat(refused.json().get("detail").stringValue()).isEqualTo("Not enough permissions");
      assertThat(refused.header("WWW-Authenticate")).isNull();
    }
    assertThat(
            get("/api/v1/me", prod, "x-environment-id", "env-prod", "x-environment-id", "env-prod")
                .status())
        .as("repeated")
        .isEqualTo(403);

    // Accepted with its own environment or none; the principal carries it.
    for (String[] headers :
        new String[][] {{}, {"x-environment-id", "env-prod"}, {"X-Environment-Id", " env-prod "}}) {
      Response me = get("/api/v1/me", prod, headers);
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json().get("token_scope").stringValue()).isEqualTo("environment");
      assertThat(me.json().get("environment_id").stringValue()).isEqualTo("env-prod");
    }

    // An account token acts in the environment it names, or for the whole business.
    JsonNode whole = get("/api/v1/me", account.token()).json();
    assertThat(whole.get("token_scope").stringValue()).isEqualTo("account");
    assertThat(whole.get("environment_id").isNull()).isTrue();
    JsonNode named = get("/api/v1/me", account.token(), "x-environment-id", "env-dev").json();
    assertThat(named.get("token_scope").stringValue()).isEqualTo("account");
    assertThat(named.get("environment_id").stringValue()).isEqualTo("env-dev");
    assertThat(get("/api/v1/me", account.token(), "x-environment-id", "").status()).isEqualTo(403);
    assertThat(get("/api/v1/me", account.token(), "x-environment-id", "e".repeat(129)).status())
        .isEqualTo(403);
  }

  @Test
  void anEnvironmentScopedCallerMakesTokensOfItsEnvironmentOnly() {
    CreatedToken prod =
        token("iris", new CreateTokenRequest("prod", null, 30, null, "environment", "env-prod"));
    Response same = post("/api/v1/tokens", "{\"name\":\"child\"}", prod.token());
    assertThat(same.status()).as(same.body()).isEqualTo(201);
    assertThat(same.json().get("token_info").get("environment_id").stringValue())
        .isEqualTo("env-prod");
    for (String body :
        List.of(
            "{\"name\":\"x\",\"environment_id\":\"env-dev\"}",
            "{\"name\":\"x\",\"token_scope\":\"account\"}")) {
      Response r = post("/api/v1/tokens", body, prod.token());
      assertThat(r.status()).as(body).isEqualTo(403);
      assertThat(r.json().get("detail").stringValue()).isEqualTo("Not enough permissions");
    }
    Response account =
        post(
            "/api/v1/tokens",
            "{\"name\":\"a\",\"token_scope\":\"account\"}",
            token("jack", CreateTokenRequest.named("a")).token());
    assertThat(account.status()).isEqualTo(201);
    assertThat(account.json().get("token_info").get("token_scope").stringValue())
        .isEqualTo("account");
    assertThat(account.json().get("token_info").get("environment_id").isNull()).isTrue();
  }

  @Test
  void createRefusesBadTokenScopesAndEnvironmentIdsWith422() {
    String t = token("kate", CreateTokenRequest.named("k")).token();
    assertViolation(
        t, "{\"name\":\"x\",\"token_scope\":\"global\"}", "token_scope", "literal_error");
    assertViolation(t, "{\"name\":\"x\",\"token_scope\":5}", "token_scope", "literal_error");
    assertViolation(t, "{\"name\":\"x\",\"environment_id\":5}", "environment_id", "string_type");
    assertViolation(
        t, "{\"name\":\"x\",\"environment_id\":\"\"}", "environment_id", "string_too_short");
    assertViolation(
        t,
        "{\"name\":\"x\",\"environment_id\":\"" + "e".repeat(129) + "\"}",
        "environment_id",
        "string_too_long");
    assertViolation(
        t,
        "{\"name\":\"x\",\"token_scope\":\"account\",\"environment_id\":\"env\"}",
        "environment_id",
        "value_error");
    assertViolation(
        t, "{\"name\":\"x\",\"token_scope\":\"environment\"}", "environment_id", "missing");
    // Every violation at once, in field order.
    Response all =
        post("/api/v1/tokens", "{\"name\":\"\",\"token_scope\":1,\"environment_id\":[]}", t);
    assertThat(all.status()).isEqualTo(422);
    List<String> locs = new ArrayList<>();
    all.json().get("detail").forEach(v -> locs.add(v.get("loc").get(1).stringValue()));
    assertThat(locs).containsExactly("name", "token_scope", "environment_id");
  }

  private static void assertViolation(String token, String body, String field, String type) {
    Response r = post("/api/v1/tokens", body, token);
    assertThat(r.status()).as(body + ": " + r.body()).isEqualTo(422);
    JsonNode v = r.json().get("detail").get(0);
    assertThat(v.get("loc").toString()).as(body).isEqualTo("[\"body\",\"" + field + "\"]");
    assertThat(v.get("type").stringValue()).as(body).isEqualTo(type);
  }
}
