package dev.dzauth.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.MintRequest;
import dev.dzauth.token.TokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Authentication, authorities and every error of docs/API.md (Errors) over real HTTP. */
@SpringBootTest(
    classes = WebTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "dz.auth.realm=test-realm",
      "management.endpoints.web.exposure.include=health,metrics",
      "management.endpoint.health.show-details=always"
    })
final class SecurityHttpIT {

  private static final String BUSINESS = UUID.randomUUID().toString();

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired TokenService tokens;
  @Autowired StatusCache statuses;
  @Autowired KeySetHolder keys;

  @AfterEach
  void storeBack() {
    WebTestApplication.STORE_DOWN.set(false);
  }

  private CreatedToken create(Set<String> scopes) {
    return tokens.create(new Caller("user-1", BUSINESS, scopes), CreateTokenRequest.named("test"));
  }

  private HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void meWhenValidTokenThenPrincipal() throws Exception {
    CreatedToken t = create(Set.of("tokens:read", "orders:read"));
    HttpResponse<String> r = get("/api/v1/me", "Authorization", "Bearer " + t.token());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"token_id\":\"" + t.record().id() + "\"")
        .contains("\"jti\":\"" + t.record().jti() + "\"")
        .contains("\"subject\":\"user-1\"")
        .contains("\"business_id\":\"" + BUSINESS + "\"")
        .contains("\"scopes\":[\"orders:read\",\"tokens:read\"]");
  }

  @Test
  void bearerSchemeIsCaseInsensitive() throws Exception {
    CreatedToken t = create(Set.of("tokens:read"));
    assertThat(get("/api/v1/me", "Authorization", "bEaReR " + t.token()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void noAuthorizationThen401NotAuthenticated() throws Exception {
    HttpResponse<String> r = get("/api/v1/me");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"test-realm\"");
    assertThat(r.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void nonBearerAuthorizationThen401NotAuthenticated() throws Exception {
    HttpResponse<String> r = get("/api/v1/me", "Authorization", "Basic dXNlcjpwYXNz");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"test-realm\"");
    assertThat(r.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
  }

  @Test
  void malformedTokenThen401InvalidToken() throws Exception {
    HttpResponse<String> r = get("/api/v1/me", "Authorization", "Bearer dz_not-a-token");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer realm=\"test-realm\", error=\"invalid_token\", error_description=\"Malformed"
                + " token\"");
    assertThat(r.body()).isEqualTo("{\"detail\":\"Malformed token\"}");
  }

  @Test
  void forgedSignatureThen401InvalidToken() throws Exception {
    String token = create(Set.of("tokens:read")).token();
    char last = token.charAt(token.length() - 5);
    String forged =
        token.substring(0, token.length() - 5)
            + (last == 'A' ? 'B' : 'A')
            + token.substring(token.length() - 4);
    HttpResponse<String> r = get("/api/v1/me", "Authorization", "Bearer " + forged);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(r.body())
        .isEqualTo("{\"detail\":\"Invalid token signature\"}")
        .doesNotContain(token);
  }

  @Test
  void expiredTokenThen401() throws Exception {
    TokenMinter past =
        TokenMinter.builder("https://auth.test", keys)
            .clock(Clock.fixed(Instant.now().minus(Duration.ofDays(3)), ZoneOffset.UTC))
            .build();
    String token =
        past.mint(new MintRequest("user-1", BUSINESS, Set.of(), Duration.ofDays(1))).token();
    HttpResponse<String> r = get("/api/v1/me", "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"detail\":\"Token has expired\"}");
  }

  @Test
  void revokedTokenThen401AtOnce() throws Exception {
    CreatedToken t = create(Set.of("tokens:read"));
    assertThat(get("/api/v1/me", "Authorization", "Bearer " + t.token()).statusCode())
        .isEqualTo(200);
    tokens.revoke(new Caller("user-1", BUSINESS, Set.of()), t.record().id(), "test");
    HttpResponse<String> r = get("/api/v1/me", "Authorization", "Bearer " + t.token());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"detail\":\"Token has been revoked\"}");
  }

  @Test
  void otherBusinessThen403() throws Exception {
    CreatedToken t = create(Set.of("tokens:read"));
    HttpResponse<String> r =
        get(
            "/api/v1/me",
            "Authorization",
            "Bearer " + t.token(),
            "x-business-id",
            UUID.randomUUID().toString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("{\"detail\":\"Not enough permissions\"}");
    assertThat(
            get(
                    "/api/v1/me",
                    "Authorization",
                    "Bearer " + t.token(),
                    "x-business-id",
                    BUSINESS.toUpperCase(java.util.Locale.ROOT))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void preAuthorizeWhenScopeMissingThen403InsufficientScope() throws Exception {
    CreatedToken t = create(Set.of("tokens:read"));
    HttpResponse<String> r = get("/orders", "Authorization", "Bearer " + t.token());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"test-realm\", error=\"insufficient_scope\"");
    assertThat(r.body()).isEqualTo("{\"detail\":\"Not enough permissions\"}");
  }

  @Test
  void preAuthorizeWhenScopePresentThen200() throws Exception {
    CreatedToken t = create(Set.of("orders:read"));
    HttpResponse<String> r = get("/orders", "Authorization", "Bearer " + t.token());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"orders\":3}");
  }

  @Test
  void storeDownAndNothingCachedThen503WithRetryAfter() throws Exception {
    CreatedToken t = create(Set.of("tokens:read"));
    statuses.invalidateAll();
    WebTestApplication.STORE_DOWN.set(true);
    HttpResponse<String> r = get("/api/v1/me", "Authorization", "Bearer " + t.token());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.body()).isEqualTo("{\"detail\":\"Token store unavailable, retry later\"}");

    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("\"dzAuth\"").contains("unreachable");
  }

  @Test
  void healthIsPublicAndUp() throws Exception {
    HttpResponse<String> r = get("/actuator/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"dzAuth\":{")
        .contains("\"store\":\"reachable\"")
        .contains("\"signingKey\":\"ephemeral\"");
  }

  @Test
  void metricsCountVerificationsByOutcome() throws Exception {
    CreatedToken t = create(Set.of("tokens:read"));
    get("/api/v1/me", "Authorization", "Bearer " + t.token());
    get("/api/v1/me", "Authorization", "Bearer dz_x.y.z");
    HttpResponse<String> names = get("/actuator/metrics", "Authorization", "Bearer " + t.token());
    assertThat(names.statusCode()).isEqualTo(200);
    assertThat(names.body())
        .contains(
            "dz.auth.verifications", "dz.auth.cache.verified.hit.ratio", "dz.auth.store.calls");
    HttpResponse<String> ok =
        get(
            "/actuator/metrics/dz.auth.verifications?tag=outcome:success",
            "Authorization",
            "Bearer " + t.token());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"statistic\":\"COUNT\"");
    HttpResponse<String> ratio =
        get(
            "/actuator/metrics/dz.auth.cache.verified.hit.ratio",
            "Authorization",
            "Bearer " + t.token());
    assertThat(ratio.statusCode()).isEqualTo(200);
    java.util.regex.Matcher value =
        java.util.regex.Pattern.compile("\"value\":([0-9.Ee-]+)").matcher(ratio.body());
    assertThat(value.find()).as(ratio.body()).isTrue();
    assertThat(Double.parseDouble(value.group(1))).isBetween(0.0, 1.0); // a ratio, never a sum
  }
}
