package dev.dzauth.http;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every endpoint of docs/API.md and its errors, over HTTP against the demo on Jetty. */
final class TokenApiIT {

  private static DemoFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new DemoFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static String token() {
    return fx.demo.bootstrapToken();
  }

  private static JsonNode create(String body) {
    Response r =
        fx.http.post("/api/v1/tokens", body, bearer(token(), "Content-Type", "application/json"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void createAnswers201WithTokenAndTokenInfoInTheSeedShape() {
    Response r =
        fx.http.post(
            "/api/v1/tokens",
            "{\"name\":\"ci\",\"description\":\"d\",\"expires_in_days\":30}",
            bearer(
                token(),
                "x-business-id",
                fx.demo.businessId(),
                "Content-Type",
                "application/json"));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = r.json();
    assertThat(body.propertyNames()).containsExactly("token", "token_info");
    assertThat(body.get("token").stringValue()).startsWith("dz_");
    JsonNode info = body.get("token_info");
    assertThat(info.propertyNames())
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
    assertThat(info.get("name").stringValue()).isEqualTo("ci");
    assertThat(info.get("description").stringValue()).isEqualTo("d");
    assertThat(info.get("token_type").stringValue()).isEqualTo("api");
    assertThat(info.get("token_prefix").stringValue()).startsWith("dz_").hasSize(15);
    assertThat(body.get("token").stringValue())
        .doesNotStartWith(info.get("token_prefix").stringValue());
    Instant created = Instant.parse(info.get("created_at").stringValue());
    Instant expires = Instant.parse(info.get("expires_at").stringValue());
    assertThat(info.get("created_at").stringValue()).endsWith("Z");
    assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofDays(30));
    assertThat(info.get("last_used_at").isNull()).isTrue();
    assertThat(info.get("revoked_at").isNull()).isTrue();

    Response me = fx.http.get("/api/v1/me", bearer(body.get("token").stringValue()));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("token_id").stringValue()).isEqualTo(info.get("id").stringValue());
  }

  @Test
  void createDefaultsTo365DaysAndNullMeansNeverExpires() {
    JsonNode dflt = create("{\"name\":\"default\"}").get("token_info");
    assertThat(
            Duration.between(
                Instant.parse(dflt.get("created_at").stringValue()),
                Instant.parse(dflt.get("expires_at").stringValue())))
        .isEqualTo(Duration.ofDays(365));
    JsonNode never = create("{\"name\":\"never\",\"expires_in_days\":null}").get("token_info");
    assertThat(never.get("expires_at").isNull()).isTrue();
  }

  @Test
  void createWithAScopeTheCallerLacksIs403() {
    String readOnly = fx.token("ro", Set.of("tokens:read", "tokens:write"));
    Response r =
        fx.http.post("/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"admin\"]}", bearer(readOnly));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("detail").stringValue()).isEqualTo("Not enough permissions");
  }

  @Test
  void createWithFewerScopesGivesATokenWithThoseScopes() {
    String t =
        create("{\"name\":\"narrow\",\"scopes\":[\"tokens:read\"]}").get("token").stringValue();
    assertThat(fx.http.get("/api/v1/me", bearer(t)).json().get("scopes").toString())
        .isEqualTo("[\"tokens:read\"]");
    Response r = fx.http.post("/api/v1/tokens", "{\"name\":\"x\"}", bearer(t));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer realm=\"dz-auth-demo\", error=\"insufficient_scope\", scope=\"tokens:write\"");
    assertThat(fx.http.get("/api/v1/tokens", bearer(t)).status()).isEqualTo(200);
  }

  @Test
  void listWithoutReadScopeIs403InsufficientScope() {
    String writeOnly = fx.token("wo", Set.of("tokens:write"));
    Response r = fx.http.get("/api/v1/tokens", bearer(writeOnly));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("WWW-Authenticate"))
        .contains("error=\"insufficient_scope\"", "scope=\"tokens:read\"");
    assertThat(r.json().get("detail").stringValue()).isEqualTo("Not enough permissions");
  }

  @Test
  void listPagesForwardAndBackWithOpaqueCursorsAndCounts() {
    String sub = fx.token("pager", Set.of("tokens:read", "tokens:write"));
    // a fresh user so the listing holds only what this test makes
    var caller =
        new dev.dzauth.lifecycle.Caller(
            "pager@demo.example", fx.demo.businessId(), Set.of("tokens:read", "tokens:write"));
    String own =
        fx.demo
            .service()
            .create(caller, dev.dzauth.lifecycle.CreateTokenRequest.named("p-00"))
            .token();
    for (int i = 1; i < 7; i++) {
      fx.demo.service().create(caller, dev.dzauth.lifecycle.CreateTokenRequest.named("p-0" + i));
    }
    assertThat(sub).isNotBlank();
    Response first =
        fx.http.get(
            "/api/v1/tokens?limit=3&sort_by=name&descending=false&include_total_count=true",
            bearer(own));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode page = first.json();
    assertThat(page.propertyNames())
        .containsExactly(
            "items", "total", "limit", "next_cursor", "prev_cursor", "has_next", "has_prev");
    assertThat(names(page)).containsExactly("p-00", "p-01", "p-02");
    assertThat(page.get("total").asLong()).isEqualTo(7);
    assertThat(page.get("limit").asInt()).isEqualTo(3);
    assertThat(page.get("has_next").asBoolean()).isTrue();
    assertThat(page.get("has_prev").asBoolean()).isFalse();
    assertThat(page.get("prev_cursor").isNull()).isTrue();

    JsonNode second =
        fx.http
            .get(
                "/api/v1/tokens?limit=3&sort_by=name&descending=false&cursor="
                    + page.get("next_cursor").stringValue(),
                bearer(own))
            .json();
    assertThat(names(second)).containsExactly("p-03", "p-04", "p-05");
    assertThat(second.get("total").isNull()).isTrue();
    assertThat(second.get("has_prev").asBoolean()).isTrue();

    JsonNode back =
        fx.http
            .get(
                "/api/v1/tokens?limit=3&sort_by=name&descending=false&direction=prev&cursor="
                    + second.get("prev_cursor").stringValue(),
                bearer(own))
            .json();
    assertThat(names(back)).containsExactly("p-00", "p-01", "p-02");

    Response otherSort =
        fx.http.get(
            "/api/v1/tokens?limit=3&sort_by=created_at&cursor="
                + page.get("next_cursor").stringValue(),
            bearer(own));
    assertThat(otherSort.status()).isEqualTo(422);
    assertThat(otherSort.json().get("detail").get(0).get("loc").toString())
        .isEqualTo("[\"query\",\"cursor\"]");
  }

  @Test
  void listShowsOnlyTheCallersOwnTokensInItsBusiness() {
    JsonNode mine = fx.http.get("/api/v1/tokens?limit=100", bearer(token())).json();
    JsonNode theirs = fx.http.get("/api/v1/tokens?limit=100", bearer(fx.demo.otherToken())).json();
    assertThat(names(theirs)).containsExactly("other user");
    assertThat(names(mine)).contains("bootstrap").doesNotContain("other user");
  }

  @Test
  void getAnswersTheTokenWithStatusAndAvailableActions() {
    String id = create("{\"name\":\"to-get\"}").get("token_info").get("id").stringValue();
    Response r = fx.http.get("/api/v1/tokens/" + id, bearer(token()));
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("id").stringValue()).isEqualTo(id);
    assertThat(body.get("status").stringValue()).isEqualTo("active");
    assertThat(body.get("available_actions").toString())
        .isEqualTo("{\"activate\":false,\"delete\":true,\"revoke\":true,\"suspend\":true}");
  }

  @Test
  void anotherUsersTokenIsNotFoundWhateverTheAction() {
    String id = create("{\"name\":\"private\"}").get("token_info").get("id").stringValue();
    String other = fx.demo.otherToken();
    assertThat(fx.http.get("/api/v1/tokens/" + id, bearer(other)).status()).isEqualTo(404);
    for (String action : List.of("revoke", "suspend", "activate")) {
      Response r = fx.http.post("/api/v1/tokens/" + id + "/" + action, "", bearer(other));
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.json().get("detail").stringValue()).isEqualTo("Token not found");
    }
    assertThat(fx.http.delete("/api/v1/tokens/" + id, bearer(other)).status()).isEqualTo(404);
    assertThat(fx.http.get("/api/v1/tokens/" + id, bearer(token())).status()).isEqualTo(200);
    assertThat(fx.http.get("/api/v1/tokens/no-such-id", bearer(token())).status()).isEqualTo(404);
  }

  @Test
  void revokeAnswers201EnvelopeThenTheTokenIsRefusedAtOnceAndRevokeIsIdempotent() {
    JsonNode created = create("{\"name\":\"to-revoke\"}");
    String t = created.get("token").stringValue();
    String id = created.get("token_info").get("id").stringValue();
    assertThat(fx.http.get("/api/v1/me", bearer(t)).status()).isEqualTo(200);

    Response r =
        fx.http.post(
            "/api/v1/tokens/" + id + "/revoke",
            "{\"reason\":\"leaked\"}",
            bearer(token(), "Content-Type", "application/json"));
    assertThat(r.status()).isEqualTo(201);
    JsonNode env = r.json();
    assertThat(env.propertyNames()).containsExactly("success", "message", "code", "data");
    assertThat(env.get("success").asBoolean()).isTrue();
    JsonNode data = env.get("data");
    assertThat(data.propertyNames())
        .containsExactly("id", "jti", "name", "revoked_at", "revoked_by", "revocation_reason");
    assertThat(data.get("revocation_reason").stringValue()).isEqualTo("leaked");
    assertThat(data.get("revoked_by").stringValue()).isEqualTo("admin@demo.example");

    Response after = fx.http.get("/api/v1/me", bearer(t));
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(after.json().get("detail").stringValue()).isEqualTo("Token has been revoked");

    JsonNode again =
        fx.http
            .post("/api/v1/tokens/" + id + "/revoke", "{\"reason\":\"other\"}", bearer(token()))
            .json();
    assertThat(again.get("data").get("revoked_at")).isEqualTo(data.get("revoked_at"));
    assertThat(again.get("data").get("revocation_reason").stringValue()).isEqualTo("leaked");

    Response noBody =
        fx.http.post(
            "/api/v1/tokens/"
                + create("{\"name\":\"nb\"}").get("token_info").get("id").stringValue()
                + "/revoke",
            "",
            bearer(token()));
    assertThat(noBody.status()).isEqualTo(201);
    assertThat(noBody.json().get("data").get("revocation_reason").isNull()).isTrue();

    JsonNode listed = fx.http.get("/api/v1/tokens?limit=100", bearer(token())).json();
    assertThat(names(listed)).doesNotContain("to-revoke");
    JsonNode withRevoked =
        fx.http.get("/api/v1/tokens?limit=100&include_revoked=true", bearer(token())).json();
    assertThat(names(withRevoked)).contains("to-revoke");
    JsonNode got = fx.http.get("/api/v1/tokens/" + id, bearer(token())).json();
    assertThat(got.get("status").stringValue()).isEqualTo("revoked");
    assertThat(got.get("available_actions").toString())
        .isEqualTo("{\"activate\":false,\"delete\":true,\"revoke\":false,\"suspend\":false}");

    Response activate = fx.http.post("/api/v1/tokens/" + id + "/activate", "", bearer(token()));
    assertThat(activate.status()).isEqualTo(409);
    assertThat(activate.json().get("detail").isString()).isTrue();
    assertThat(fx.http.post("/api/v1/tokens/" + id + "/suspend", "", bearer(token())).status())
        .isEqualTo(409);
  }

  @Test
  void suspendRefusesTheTokenAndActivateRestoresIt() {
    JsonNode created = create("{\"name\":\"to-suspend\"}");
    String t = created.get("token").stringValue();
    String id = created.get("token_info").get("id").stringValue();

    Response s = fx.http.post("/api/v1/tokens/" + id + "/suspend", "", bearer(token()));
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.json().get("id").stringValue()).isEqualTo(id);
    assertThat(fx.http.get("/api/v1/me", bearer(t)).json().get("detail").stringValue())
        .isEqualTo("Token is suspended");
    assertThat(
            fx.http.get("/api/v1/tokens/" + id, bearer(token())).json().get("status").stringValue())
        .isEqualTo("suspended");
    assertThat(fx.http.post("/api/v1/tokens/" + id + "/suspend", "", bearer(token())).status())
        .isEqualTo(200);

    Response a = fx.http.post("/api/v1/tokens/" + id + "/activate", "", bearer(token()));
    assertThat(a.status()).isEqualTo(200);
    assertThat(fx.http.get("/api/v1/me", bearer(t)).status()).isEqualTo(200);
    assertThat(fx.http.post("/api/v1/tokens/" + id + "/activate", "", bearer(token())).status())
        .isEqualTo(200);
  }

  @Test
  void deleteAnswers204AndTheTokenStopsAndLeavesListings() {
    JsonNode created = create("{\"name\":\"to-delete\"}");
    String t = created.get("token").stringValue();
    String id = created.get("token_info").get("id").stringValue();
    Response d = fx.http.delete("/api/v1/tokens/" + id, bearer(token()));
    assertThat(d.status()).isEqualTo(204);
    assertThat(d.body()).isEmpty();
    assertThat(fx.http.get("/api/v1/me", bearer(t)).status()).isEqualTo(401);
    assertThat(fx.http.get("/api/v1/tokens/" + id, bearer(token())).status()).isEqualTo(404);
    assertThat(
            names(
                fx.http
                    .get("/api/v1/tokens?limit=100&include_revoked=true", bearer(token()))
                    .json()))
        .doesNotContain("to-delete");
    assertThat(fx.http.delete("/api/v1/tokens/" + id, bearer(token())).status()).isEqualTo(404);
  }

  @Test
  void jwksPublishesOnlyPublicKeysWithoutAToken() {
    Response r = fx.http.get("/.well-known/jwks.json");
    assertThat(r.status()).isEqualTo(200);
    JsonNode key = r.json().get("keys").get(0);
    assertThat(key.get("kty").stringValue()).isEqualTo("EC");
    assertThat(key.get("alg").stringValue()).isEqualTo("ES256");
    assertThat(key.has("d")).isFalse();
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405() {
    assertThat(fx.http.get("/api/v1/tokens/a/b/c", bearer(token())).status()).isEqualTo(404);
    assertThat(fx.http.post("/api/v1/tokens/a/explode", "", bearer(token())).status())
        .isEqualTo(404);
    Response put = fx.http.send("PUT", "/api/v1/tokens", "{}", bearer(token()));
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.header("Allow")).isEqualTo("GET, POST");
    assertThat(put.json().get("detail").stringValue()).isEqualTo("Method Not Allowed");
    assertThat(fx.http.get("/api/v1/tokens/x/revoke", bearer(token())).status()).isEqualTo(405);
  }

  @Test
  void aBodyOver64KiBIs413() {
    String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
    Response r = fx.http.post("/api/v1/tokens", big, bearer(token()));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().get("detail").stringValue()).isEqualTo("Request body too large");
  }

  @Test
  void lastUsedIsRecordedAfterAFlush() {
    JsonNode created = create("{\"name\":\"used\"}");
    String t = created.get("token").stringValue();
    String id = created.get("token_info").get("id").stringValue();
    assertThat(fx.http.get("/api/v1/me", bearer(t)).status()).isEqualTo(200);
    fx.demo.service().flushLastUsed();
    assertThat(
            fx.http
                .get("/api/v1/tokens/" + id, bearer(token()))
                .json()
                .get("last_used_at")
                .isNull())
        .isFalse();
  }

  static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.get("items").values().forEach(n -> names.add(n.get("name").stringValue()));
    return names;
  }
}
