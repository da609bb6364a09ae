package dev.dzauth.http;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The lifecycle routes of docs/API.md over HTTP against the demo on Jetty: {@code POST
 * /api/v1/tokens/{id}/roll} and the owner-level {@code POST /api/v1/admin/tokens/{revoke, suspend,
 * activate}}, with their 4xx answers. Each test works in a business of its own.
 */
final class LifecycleApiIT {

  private static final Set<String> READ_WRITE = Set.of(TokenApi.READ_SCOPE, TokenApi.WRITE_SCOPE);
  private static final Set<String> ADMIN =
      Set.of(TokenApi.READ_SCOPE, TokenApi.WRITE_SCOPE, TokenApi.ADMIN_SCOPE);
  private static final List<String> TOKEN_FIELDS =
      List.of(
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
          // dz-auth's extensions after the seed's fields
          "token_scope",
          "environment_id",
          "created_by",
          "updated_at");
  private static final String JSON = "application/json";

  private static DemoFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new DemoFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static CreatedToken token(String subject, String business, Set<String> scopes) {
    return fx.demo
        .service()
        .create(
            new Caller(subject, business, scopes),
            new CreateTokenRequest(subject + "'s", null, 30, null));
  }

  private static String business() {
    return UUID.randomUUID().toString();
  }

  private static Response post(String path, String body, String token) {
    return fx.http.post(path, body, bearer(token, "Content-Type", JSON));
  }

  private static Response roll(CreatedToken t, String body) {
    return post("/api/v1/tokens/" + t.record().id() + "/roll", body, t.token());
  }

  private static Response me(String token) {
    return fx.http.get("/api/v1/me", bearer(token));
  }

  private static List<String> fields(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.propertyNames().forEach(names::add);
    return names;
  }

  // --- roll

  @Test
  void rollAnswers201WithTheSuccessorShownOnceAndThePreviousRecordEndingAtTheGrace() {
    CreatedToken old = token("roller", business(), READ_WRITE);
    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Response r = roll(old, "{\"grace_period_seconds\":3600}");
    Instant after = Instant.now();

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = r.json();
    assertThat(fields(body)).containsExactly("token", "token_info", "previous_token_info");
    String successor = body.get("token").stringValue();
    assertThat(successor).startsWith("dz_").isNotEqualTo(old.token());
    JsonNode info = body.get("token_info");
    assertThat(fields(info)).containsExactlyElementsOf(TOKEN_FIELDS);
    assertThat(info.get("name").stringValue()).isEqualTo(old.record().name());
    assertThat(
            Duration.between(
                Instant.parse(info.get("created_at").stringValue()),
                Instant.parse(info.get("expires_at").stringValue())))
        .as("the successor lives as long as the old token was made to")
        .isEqualTo(Duration.ofDays(30));

    JsonNode previous = body.get("previous_token_info");
    List<String> previousFields = new ArrayList<>(TOKEN_FIELDS);
    previousFields.add("replaced_by");
    assertThat(fields(previous)).containsExactlyElementsOf(previousFields);
    assertThat(previous.get("id").stringValue()).isEqualTo(old.record().id());
    assertThat(previous.get("replaced_by").stringValue()).isEqualTo(info.get("id").stringValue());
    assertThat(Instant.parse(previous.get("expires_at").stringValue()))
        .isBetween(before.plusSeconds(3600), after.plusSeconds(3600));

    assertThat(me(successor).json().get("token_id").stringValue())
        .isEqualTo(info.get("id").stringValue());
    assertThat(me(old.token()).status()).as("the old token works during its grace").isEqualTo(200);

    JsonNode got = fx.http.get("/api/v1/tokens/" + old.record().id(), bearer(successor)).json();
    assertThat(got.get("replaced_by").stringValue()).isEqualTo(info.get("id").stringValue());
    assertThat(got.get("status").stringValue()).isEqualTo("active");
    assertThat(fields(got)).endsWith("replaced_by", "status", "available_actions");
    JsonNode listed = fx.http.get("/api/v1/tokens", bearer(successor)).json().get("items");
    assertThat(listed.size()).isEqualTo(2);
    for (JsonNode item : listed.values()) {
      boolean isOld = item.get("id").stringValue().equals(old.record().id());
      assertThat(item.has("replaced_by")).as(item.toString()).isEqualTo(isOld);
    }
  }

  @ParameterizedTest(name = "body ''{0}''")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``",
        "null",
        "{}",
        "{\"grace_period_seconds\":0}",
        "{\"grace_period_seconds\":\"0\"}"
      })
  void rollWithoutAGraceEndsTheOldTokenAtOnce(String body) {
    CreatedToken old = token("instant", business(), READ_WRITE);
    assertThat(me(old.token()).status()).isEqualTo(200);
    Response r = roll(old, body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String successor = r.json().get("token").stringValue();

    Response refused = me(old.token());
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("detail").stringValue()).isEqualTo("Token has expired");
    JsonNode got = fx.http.get("/api/v1/tokens/" + old.record().id(), bearer(successor)).json();
    assertThat(got.get("status").stringValue()).isEqualTo("expired");
    assertThat(got.get("available_actions").toString())
        .isEqualTo("{\"activate\":false,\"delete\":true,\"revoke\":true,\"suspend\":false}");
    assertThat(me(successor).status()).isEqualTo(200);
  }

  @Test
  void aRetriedRollIs409NamingTheSuccessorAndNeverShowsItsTokenAgain() {
    CreatedToken old = token("retry", business(), READ_WRITE);
    Response first = roll(old, "{\"grace_period_seconds\":60}");
    assertThat(first.status()).isEqualTo(201);
    String successorId = first.json().get("token_info").get("id").stringValue();

    Response again = roll(old, "{\"grace_period_seconds\":60}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("detail").stringValue())
        .isEqualTo("Token was already rolled; its successor is " + successorId);
    assertThat(again.body()).doesNotContain("dz_");
  }

  @Test
  void rollingARevokedOrSuspendedTokenIs409() {
    String business = business();
    CreatedToken caller = token("states", business, READ_WRITE);
    Caller owner = new Caller("states", business, READ_WRITE);
    CreatedToken revoked = token("states", business, READ_WRITE);
    fx.demo.service().revoke(owner, revoked.record().id(), null);
    CreatedToken suspended = token("states", business, READ_WRITE);
    fx.demo.service().suspend(owner, suspended.record().id());

    for (CreatedToken t : List.of(revoked, suspended)) {
      Response r = post("/api/v1/tokens/" + t.record().id() + "/roll", "", caller.token());
      assertThat(r.status()).as(r.body()).isEqualTo(409);
      assertThat(r.json().get("detail").stringValue())
          .isEqualTo("Operation not allowed in the token's current state");
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"grace_period_seconds\":-1}        | greater_than_equal |"
            + " [\"body\",\"grace_period_seconds\"] | {\"ge\":0}",
        "{\"grace_period_seconds\":604801}    | less_than_equal    |"
            + " [\"body\",\"grace_period_seconds\"] | {\"le\":604800}",
        "{\"grace_period_seconds\":1e400}     | less_than_equal    |"
            + " [\"body\",\"grace_period_seconds\"] | {\"le\":604800}",
        "{\"grace_period_seconds\":\"abc\"}   | int_parsing        |"
            + " [\"body\",\"grace_period_seconds\"] | ",
        "{\"grace_period_seconds\":1.5}       | int_from_float     |"
            + " [\"body\",\"grace_period_seconds\"] | ",
        "{\"grace_period_seconds\":true}      | int_type           |"
            + " [\"body\",\"grace_period_seconds\"] | ",
        "{\"grace_period_seconds\":null}      | int_type           |"
            + " [\"body\",\"grace_period_seconds\"] | ",
        "{\"grace_period_seconds\":[1]}       | int_type           |"
            + " [\"body\",\"grace_period_seconds\"] | ",
        "[]                                   | model_attributes_type | [\"body\"]                 "
            + "     | ",
        "`\"60\"`                             | model_attributes_type | [\"body\"]                 "
            + "     | ",
        "{\"grace_period_seconds\":           | json_invalid       |                               "
            + "     | ",
      })
  void aBadRollBodyIs422BeforeTheTokenIsLookedUp(String body, String type, String loc, String ctx) {
    CreatedToken caller = token("bad-body", business(), READ_WRITE);
    for (String id : List.of(caller.record().id(), "00000000-0000-4000-8000-000000000000")) {
      Response r = post("/api/v1/tokens/" + id + "/roll", body, caller.token());
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      JsonNode detail = r.json().get("detail");
      assertThat(detail.size()).as(r.body()).isEqualTo(1);
      JsonNode v = detail.get(0);
      assertThat(v.get("type").stringValue()).isEqualTo(type);
      if (loc != null) {
        assertThat(v.get("loc").toString()).isEqualTo(loc);
      }
      if (ctx != null) {
        assertThat(v.get("ctx").toString()).isEqualTo(ctx);
      }
    }
    assertThat(me(caller.token()).status()).as("nothing was rolled").isEqualTo(200);
  }

  @Test
  void rollOfAnUnknownOrSomeoneElsesTokenIs404AndOtherMethods405() {
    String business = business();
    CreatedToken caller = token("rolls", business, READ_WRITE);
    CreatedToken colleague = token("colleague", business, READ_WRITE);
    CreatedToken elsewhere = token("rolls", business(), READ_WRITE);
    for (String id :
        List.of(
            "00000000-0000-4000-8000-000000000000",
            colleague.record().id(),
            elsewhere.record().id(),
            "x".repeat(65))) {
      Response r = post("/api/v1/tokens/" + id + "/roll", "", caller.token());
      assertThat(r.status()).as(id).isEqualTo(404);
      assertThat(r.json().get("detail").stringValue()).isEqualTo("Token not found");
    }
    assertThat(me(colleague.token()).status()).isEqualTo(200);

    for (String method : List.of("GET", "PUT", "DELETE")) {
      Response r =
          fx.http.send(
              method,
              "/api/v1/tokens/" + caller.record().id() + "/roll",
              null,
              bearer(caller.token()));
      assertThat(r.status()).as(method).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("POST");
      assertThat(r.json().get("detail").stringValue()).isEqualTo("Method Not Allowed");
    }
  }

  @Test
  void rollNeedsTokensWrite() {
    String business = business();
    CreatedToken owner = token("reader", business, READ_WRITE);
    String readOnly =
        fx.demo
            .service()
            .create(
                new Caller("reader", business, READ_WRITE),
                new CreateTokenRequest("ro", null, 30, Set.of(TokenApi.READ_SCOPE)))
            .token();
    Response r = post("/api/v1/tokens/" + owner.record().id() + "/roll", "", readOnly);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer realm=\"dz-auth-demo\", error=\"insufficient_scope\", scope=\"tokens:write\"");
    assertThat(me(owner.token()).status()).isEqualTo(200);
  }

  // --- owner-level changes

  private static Response admin(String action, String body, String token) {
    return post("/api/v1/admin/tokens/" + action, body, token);
  }

  @Test
  void adminRoutesNeedTokensAdmin() {
    String business = business();
    CreatedToken writer = token("writer", business, READ_WRITE);
    for (String action : List.of("revoke", "suspend", "activate")) {
      Response r = admin(action, "{}", writer.token());
      assertThat(r.status()).as(action).isEqualTo(403);
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer realm=\"dz-auth-demo\", error=\"insufficient_scope\","
                  + " scope=\"tokens:admin\"");
      assertThat(r.json().get("detail").stringValue()).isEqualTo("Not enough permissions");
    }
    assertThat(me(writer.token()).status()).as("nothing was revoked").isEqualTo(200);
    Response anonymous = fx.http.post("/api/v1/admin/tokens/revoke", "{}");
    assertThat(anonymous.status()).isEqualTo(401);
  }

  @Test
  void adminRoutesOnlyExistForTheThreeActionsAndPost() {
    CreatedToken admin = token("admin", business(), ADMIN);
    for (String path :
        List.of(
            "/api/v1/admin/tokens",
            "/api/v1/admin/tokens/",
            "/api/v1/admin/tokens/delete",
            "/api/v1/admin/tokens/revoke/now")) {
      Response r = post(path, "{}", admin.token());
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.json().get("detail").stringValue()).isEqualTo("Not Found");
    }
    Response get = fx.http.get("/api/v1/admin/tokens/revoke", bearer(admin.token()));
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).isEqualTo("POST");
    assertThat(me(admin.token()).status()).isEqualTo(200);
  }

  @Test
  void anotherBusinessInTheHeaderIs403() {
    CreatedToken admin = token("admin", business(), ADMIN);
    Response r =
        fx.http.post(
            "/api/v1/admin/tokens/revoke",
            "{}",
            bearer(admin.token(), "x-business-id", business(), "Content-Type", JSON));
    assertThat(r.status()).isEqualTo(403);
    assertThat(me(admin.token()).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                                  | missing               | [\"body\"]",
        "null                                | missing               | [\"body\"]",
        "[]                                  | model_attributes_type | [\"body\"]",
        "{\"subject\":5}                     | string_type           | [\"body\",\"subject\"]",
        "{\"subject\":\"\"}                  | string_too_short      | [\"body\",\"subject\"]",
        "{\"reason\":[\"x\"]}                | string_type           | [\"body\",\"reason\"]",
        "{\"dry_run\":\"maybe\"}             | bool_parsing          | [\"body\",\"dry_run\"]",
        "{\"dry_run\":2}                     | bool_parsing          | [\"body\",\"dry_run\"]",
        "{\"dry_run\":null}                  | bool_type             | [\"body\",\"dry_run\"]",
        "{\"dry_run\":{}}                    | bool_type             | [\"body\",\"dry_run\"]",
        "{\"subject\":                       | json_invalid          | ",
      })
  void aBadAdminBodyIs422AndChangesNothing(String body, String type, String loc) {
    CreatedToken admin = token("admin", business(), ADMIN);
    for (String action : List.of("revoke", "suspend", "activate")) {
      Response r = admin(action, body, admin.token());
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      JsonNode detail = r.json().get("detail");
      assertThat(detail.size()).as(r.body()).isEqualTo(1);
      assertThat(detail.get(0).get("type").stringValue()).isEqualTo(type);
      if (loc != null) {
        assertThat(detail.get(0).get("loc").toString()).isEqualTo(loc);
      }
    }
    assertThat(me(admin.token()).status()).isEqualTo(200);
  }

  @Test
  void everyAdminBodyViolationIsReportedAtOnceInFieldOrder() {
    CreatedToken admin = token("admin", business(), ADMIN);
    Response r =
        admin(
            "revoke",
            "{\"dry_run\":\"perhaps\",\"reason\":\""
                + "r".repeat(1001)
                + "\",\"subject\":\""
                + "s".repeat(256)
                + "\"}",
            admin.token());
    assertThat(r.status()).isEqualTo(422);
    JsonNode detail = r.json().get("detail");
    assertThat(detail.size()).isEqualTo(3);
    assertThat(detail.get(0).get("type").stringValue()).isEqualTo("string_too_long");
    assertThat(detail.get(0).get("loc").toString()).isEqualTo("[\"body\",\"subject\"]");
    assertThat(detail.get(0).get("ctx").toString()).isEqualTo("{\"max_length\":255}");
    assertThat(detail.get(1).get("loc").toString()).isEqualTo("[\"body\",\"reason\"]");
    assertThat(detail.get(1).get("ctx").toString()).isEqualTo("{\"max_length\":1000}");
    assertThat(detail.get(2).get("type").stringValue()).isEqualTo("bool_parsing");
    assertThat(me(admin.token()).status()).isEqualTo(200);
  }

  @Test
  void aDryRunCountsAndChangesNothing() {
    String business = business();
    CreatedToken admin = token("admin", business, ADMIN);
    CreatedToken u1a = token("u1", business, READ_WRITE);
    CreatedToken u1b = token("u1", business, READ_WRITE);
    CreatedToken u2 = token("u2", business, READ_WRITE);

    Response r = admin("revoke", "{\"subject\":\"u1\",\"dry_run\":true}", admin.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.body())
        .isEqualTo(
            "{\"business_id\":\""
                + business
                + "\",\"subject\":\"u1\",\"action\":\"revoke\",\"dry_run\":true,\"affected\":2,"
                + "\"effective_at\":null,\"performed_by\":null,\"reason\":null}");
    Response all = admin("suspend", "{\"dry_run\":\"yes\"}", admin.token());
    assertThat(all.json().get("affected").asLong()).isEqualTo(4);
    assertThat(all.json().get("subject").isNull()).isTrue();
    for (CreatedToken t : List.of(admin, u1a, u1b, u2)) {
      assertThat(me(t.token()).status()).isEqualTo(200);
    }
  }

  @Test
  void revokingASubjectStopsItsTokensAtOnceAndOnlyThose() {
    String business = business();
    CreatedToken admin = token("admin", business, ADMIN);
    CreatedToken u1 = token("u1", business, READ_WRITE);
    CreatedToken u2 = token("u2", business, READ_WRITE);
    CreatedToken u1Elsewhere = token("u1", business(), READ_WRITE);
    assertThat(me(u1.token()).status()).as("verified and cached before").isEqualTo(200);

    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Response r = admin("revoke", "{\"subject\":\"u1\",\"reason\":\"left\"}", admin.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(fields(body))
        .containsExactly(
            "business_id",
            "subject",
            "action",
            "dry_run",
            "affected",
            "effective_at",
            "performed_by",
            "reason");
    assertThat(body.get("business_id").stringValue()).isEqualTo(business);
    assertThat(body.get("dry_run").asBoolean()).isFalse();
    assertThat(body.get("affected").asLong()).isEqualTo(1);
    assertThat(body.get("effective_at").stringValue()).endsWith("Z");
    assertThat(Instant.parse(body.get("effective_at").stringValue()))
        .isBetween(before, Instant.now());
    assertThat(body.get("performed_by").stringValue()).isEqualTo("admin");
    assertThat(body.get("reason").stringValue()).isEqualTo("left");

    Response refused = me(u1.token());
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("detail").stringValue()).isEqualTo("Token has been revoked");
    assertThat(me(u2.token()).status()).isEqualTo(200);
    assertThat(me(admin.token()).status()).isEqualTo(200);
    assertThat(me(u1Elsewhere.token()).status()).as("another business").isEqualTo(200);

    // A token made after the change is not affected; through it, u1 sees the old one revoked.
    CreatedToken u1New = token("u1", business, READ_WRITE);
    assertThat(me(u1New.token()).status()).isEqualTo(200);
    JsonNode got = fx.http.get("/api/v1/tokens/" + u1.record().id(), bearer(u1New.token())).json();
    assertThat(got.get("status").stringValue()).isEqualTo("revoked");
    assertThat(got.get("revocation_reason").stringValue()).isEqualTo("left");
    assertThat(got.get("revoked_at").stringValue())
        .isEqualTo(body.get("effective_at").stringValue());
    assertThat(got.get("available_actions").toString())
        .isEqualTo("{\"activate\":false,\"delete\":true,\"revoke\":false,\"suspend\":false}");
  }

  @Test
  void suspendingTheBusinessThenActivatingItRestoresEveryToken() {
    String business = business();
    CreatedToken admin = token("admin", business, ADMIN);
    CreatedToken u2 = token("u2", business, READ_WRITE);

    Response s = admin("suspend", "{\"reason\":\"audit\"}", admin.token());
    assertThat(s.status()).as(s.body()).isEqualTo(200);
    assertThat(s.json().get("affected").asLong()).isEqualTo(2);
    assertThat(s.json().get("action").stringValue()).isEqualTo("suspend");
    assertThat(me(u2.token()).json().get("detail").stringValue()).isEqualTo("Token is suspended");
    assertThat(me(admin.token()).status()).as("the admin's own token too").isEqualTo(401);

    CreatedToken u2New = token("u2", business, READ_WRITE);
    JsonNode got = fx.http.get("/api/v1/tokens/" + u2.record().id(), bearer(u2New.token())).json();
    assertThat(got.get("status").stringValue()).isEqualTo("suspended");
    assertThat(got.get("available_actions").toString())
        .as("held by the business: not activated on its own")
        .isEqualTo("{\"activate\":false,\"delete\":true,\"revoke\":true,\"suspend\":false}");
    Response one = post("/api/v1/tokens/" + u2.record().id() + "/activate", "", u2New.token());
    assertThat(one.status()).isEqualTo(409);

    CreatedToken admin2 = token("admin", business, ADMIN);
    Response a = admin("activate", "{}", admin2.token());
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().get("affected").asLong()).isEqualTo(2);
    assertThat(a.json().get("performed_by").stringValue()).isEqualTo("admin");
    assertThat(a.json().get("reason").isNull()).isTrue();
    assertThat(me(u2.token()).status()).isEqualTo(200);
    assertThat(me(admin.token()).status()).isEqualTo(200);

    Response nothing = admin("activate", "{}", admin2.token());
    assertThat(nothing.status()).isEqualTo(200);
    assertThat(nothing.json().get("affected").asLong()).isZero();
    assertThat(nothing.json().get("effective_at").isNull()).isTrue();
  }

  @Test
  void revokingTheWholeBusinessRevokesTheCallersOwnTokenToo() {
    String business = business();
    CreatedToken admin = token("admin", business, ADMIN);
    CreatedToken u1 = token("u1", business, READ_WRITE);
    CreatedToken neighbour = token("admin", business(), ADMIN);

    Response r = admin("revoke", "{\"subject\":null,\"dry_run\":false}", admin.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("affected").asLong()).isEqualTo(2);
    for (CreatedToken t : List.of(admin, u1)) {
      Response refused = fx.http.get("/api/v1/tokens", bearer(t.token()));
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().get("detail").stringValue()).isEqualTo("Token has been revoked");
    }
    assertThat(me(neighbour.token()).status()).isEqualTo(200);
    Response again = admin("revoke", "{}", admin.token());
    assertThat(again.status()).isEqualTo(401);
  }
}
