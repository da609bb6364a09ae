package dev.dzauth.http;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.servlet.testing.DemoApp;
import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http.Response;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.MintRequest;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * {@code POST /oauth2/introspect} (RFC 7662) over HTTP against the demo's shape on Jetty: the
 * active answer's claims, {@code {"active": false}} and nothing else for every token that is not
 * active for the caller, and the 401/403/405/415/422 answers. Each test works in a business of its
 * own.
 */
final class IntrospectionApiIT {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String INACTIVE = "{\"active\":false}";

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
        .create(new Caller(subject, business, scopes), new CreateTokenRequest("t", null, 30, null));
  }

  private static CreatedToken introspector(String business) {
    return token("resource-server", business, Set.of(TokenApi.INTROSPECT_SCOPE));
  }

  private static Response introspect(String callerToken, String form, String contentType) {
    return fx.http.post(
        TokenApi.INTROSPECT_PATH, form, bearer(callerToken, "Content-Type", contentType));
  }

  private static Response introspect(String callerToken, String token) {
    return introspect(
        callerToken, "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), FORM);
  }

  private static List<String> fields(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.propertyNames().forEach(names::add);
    return names;
  }

  @Test
  void anActiveTokenOfTheCallersBusinessAnswersItsClaims() {
    String business = UUID.randomUUID().toString();
    CreatedToken rs = introspector(business);
    CreatedToken client =
        token("alice", business, Set.of(TokenApi.WRITE_SCOPE, TokenApi.READ_SCOPE));

    Response r = introspect(rs.token(), client.token());

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = r.json();
    assertThat(fields(body))
        .containsExactly(
            "active", "scope", "token_type", "exp", "iat", "sub", "iss", "jti", "business_id");
    assertThat(body.get("active").booleanValue()).isTrue();
    assertThat(body.get("scope").stringValue()).isEqualTo("tokens:read tokens:write");
    assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
    assertThat(body.get("sub").stringValue()).isEqualTo("alice");
    assertThat(body.get("iss").stringValue()).isEqualTo(DemoApp.ISSUER);
    assertThat(body.get("jti").stringValue()).isEqualTo(client.record().jti());
    assertThat(body.get("business_id").stringValue()).isEqualTo(business);
    assertThat(body.get("exp").isIntegralNumber()).isTrue();
    assertThat(body.get("exp").longValue()).isEqualTo(client.record().expiresAt().getEpochSecond());
    assertThat(body.get("iat").longValue())
        .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
  }

  @Test
  void whatStockClientsSendIsUnderstood() {
    String business = UUID.randomUUID().toString();
    CreatedToken rs = introspector(business);
    CreatedToken client = token("alice", business, Set.of(TokenApi.READ_SCOPE));
    // Spring Security's introspectors: charset parameter, Accept, a type hint.
    Response r =
        fx.http.post(
            TokenApi.INTROSPECT_PATH,
            "token=" + client.token() + "&token_type_hint=access_token",
            bearer(
                rs.token(),
                "Content-Type",
                "application/x-www-form-urlencoded;charset=UTF-8",
                "Accept",
                "application/json"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("active").booleanValue()).isTrue();
    // Upper case type, a repeated token: the last non-empty one counts.
    Response repeated =
        introspect(
            rs.token(),
            "token=dz_garbage&token=" + client.token() + "&token=",
            "Application/X-WWW-Form-URLencoded; charset=utf-8");
    assertThat(repeated.json().get("active").booleanValue()).isTrue();
  }

  @Test
  void aNeverExpiringTokenHasNoExpAndAnEnvironmentTokenNamesItsEnvironment() {
    String business = UUID.randomUUID().toString();
    CreatedToken rs = introspector(business);
    CreatedToken forever =
        fx.demo
            .service()
            .create(
                new Caller("alice", business, Set.of(TokenApi.READ_SCOPE)),
                new CreateTokenRequest("forever", null, null, null));
    JsonNode body = introspect(rs.token(), forever.token()).json();
    assertThat(body.get("active").booleanValue()).isTrue();
    assertThat(body.has("exp")).isFalse();

    CreatedToken staging =
        fx.demo
            .service()
            .create(
                new Caller("alice", business, Set.of(TokenApi.READ_SCOPE)),
                new CreateTokenRequest("staging", null, 30, null, null, "staging"));
    JsonNode env = introspect(rs.token(), staging.token()).json();
    assertThat(env.get("environment_id").stringValue()).isEqualTo("staging");
  }

  @Test
  void everyTokenThatIsNotActiveForTheCallerAnswersActiveFalseAndNothingElse() {
    String business = UUID.randomUUID().toString();
    Caller alice = new Caller("alice", business, Set.of(TokenApi.READ_SCOPE));
    CreatedToken rs = introspector(business);
    CreatedToken revoked = token("alice", business, alice.scopes());
    fx.demo.service().revoke(alice, revoked.record().id(), "test");
    CreatedToken suspended = token("alice", business, alice.scopes());
    fx.demo.service().suspend(alice, suspended.record().id());
    CreatedToken deleted = token("alice", business, alice.scopes());
    fx.demo.service().delete(alice, deleted.record().id());
    CreatedToken elsewhere = token("bob", UUID.randomUUID().toString(), alice.scopes());
    String live = token("alice", business, alice.scopes()).token();
    int dot = live.lastIndexOf('.');
    String forged =
        live.substring(0, dot + 1)
            + (live.charAt(dot + 1) == 'A' ? 'B' : 'A')
            + live.substring(dot + 2);
    KeySetHolder foreignKeys =
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "foreign")));
    String foreign =
        TokenMinter.builder("https://another.issuer", foreignKeys)
            .build()
            .mint(
                new MintRequest(
                    "alice", business, Set.of(TokenApi.READ_SCOPE), java.time.Duration.ofHours(1)))
            .token();

    for (String t :
        List.of(
            revoked.token(),
            suspended.token(),
            deleted.token(),
            elsewhere.token(),
            forged,
            foreign,
            "dz_garbage",
            "dz_",
            "not-a-token",
            "x".repeat(20_000))) {
      Response r = introspect(rs.token(), t);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(INACTIVE);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }
  }

  @Test
  void theCallerNeedsTheIntrospectScope() {
    String business = UUID.randomUUID().toString();
    CreatedToken reader = token("alice", business, Set.of(TokenApi.READ_SCOPE));

    Response forbidden = introspect(reader.token(), reader.token());
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer realm=\"dz-auth-demo\", error=\"insufficient_scope\","
                + " scope=\"tokens:introspect\"");

    Response anonymous =
        fx.http.post(TokenApi.INTROSPECT_PATH, "token=" + reader.token(), "Content-Type", FORM);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
  }

  @Test
  void malformedRequestsAreClear4xx() {
    String business = UUID.randomUUID().toString();
    CreatedToken rs = introspector(business);

    Response json = introspect(rs.token(), "{\"token\":\"dz_x\"}", "application/json");
    assertThat(json.status()).isEqualTo(415);
    assertThat(json.body())
        .isEqualTo("{\"detail\":\"Content-Type must be application/x-www-form-urlencoded\"}");
    Response untyped = fx.http.post(TokenApi.INTROSPECT_PATH, "token=x", bearer(rs.token()));
    assertThat(untyped.status()).isEqualTo(415);

    for (String form : List.of("", "token=", "token_type_hint=access_token", "tokens=x")) {
      Response missing = introspect(rs.token(), form, FORM);
      assertThat(missing.status()).as(form).isEqualTo(422);
      assertThat(missing.body())
          .as(form)
          .isEqualTo(
              "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"token\"],"
                  + "\"msg\":\"Field required\",\"input\":null}]}");
    }

    Response get = fx.http.get(TokenApi.INTROSPECT_PATH, bearer(rs.token()));
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).isEqualTo("POST");

    Response tooLarge =
        introspect(rs.token(), "token=" + "x".repeat(TokenApi.DEFAULT_MAX_BODY_BYTES), FORM);
    assertThat(tooLarge.status()).isEqualTo(413);
  }
}
