package dev.dzauth.servlet;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.servlet.jetty.JettyHardening;
import dev.dzauth.servlet.testing.Http;
import dev.dzauth.servlet.testing.Http.Response;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter configured in code ({@link DzAuthFilter#builder}) on a real Jetty: RFC 6750 §3
 * responses for every way a request can fail, the business check, path scopes, exclusions, the
 * principal a downstream servlet sees, and 503 when the store is unreachable.
 */
final class Rfc6750ResponseIT {

  private static final String ISSUER = "https://auth.rfc6750.test";
  private static Server server;
  private static Http http;
  private static SwitchableTokenStore store;
  private static StatusCache statuses;
  private static TokenService service;
  private static TokenVerifier verifier;
  private static String business;
  private static String token;
  private static Caller alice;

  @BeforeAll
  static void start() throws Exception {
    KeySetHolder keys =
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k1")));
    store = new SwitchableTokenStore(new InMemoryTokenStore());
    statuses = StatusCache.builder(store).storeTimeout(Duration.ofMillis(500)).build();
    verifier = TokenVerifier.builder(ISSUER, keys, statuses).build();
    service =
        TokenService.builder(TokenMinter.builder(ISSUER, keys).build(), store, statuses).build();
    business = UUID.randomUUID().toString();
    alice = new Caller("alice", business, Set.of("tokens:read", "tokens:write", "reports"));
    token = service.create(alice, CreateTokenRequest.named("alice")).token();

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    JettyHardening.apply(server);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    DzAuthFilter filter =
        DzAuthFilter.builder(verifier)
            .realm("test-realm")
            .retryAfter(Duration.ofSeconds(9))
            .tokenService(service)
            .excludePaths("/open/*")
            .requireScopes("/admin/*", "admin", "tokens:read")
            .build();
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder api = new ServletHolder(new DzTokenApiServlet());
    api.setInitOrder(1);
    context.addServlet(api, "/api/v1/tokens/*");
    context.addServlet(new ServletHolder(new PrincipalEchoServlet()), "/");
    server.setHandler(context);
    server.start();
    http = new Http(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    service.close();
    statuses.close();
  }

  @Test
  void noAuthorizationIs401WithAChallengeWithoutErrorCode() {
    Response r = http.get("/echo");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"test-realm\"");
    assertThat(r.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "Bearer   ", "Token dz_x", "dz_abc"})
  void otherSchemesAndEmptyCredentialsAreNotAuthenticated(String header) {
    Response r = http.get("/echo", "Authorization", header);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"test-realm\"");
    assertThat(r.json().get("detail").stringValue()).isEqualTo("Not authenticated");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
  void theSchemeIsCaseInsensitive(String scheme) {
    assertThat(http.get("/echo", "Authorization", scheme + " " + token).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"dz_not.a.token", "eyJhbGciOiJIUzI1NiJ9.e30.sig", "dz_abc", "dz_a.b", "dz_a b"})
  void anInvalidTokenIs401InvalidTokenAndIsNeverEchoed(String bad) {
    Response r = http.get("/echo", "Authorization", "Bearer " + bad);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate"))
        .startsWith("Bearer realm=\"test-realm\", error=\"invalid_token\", error_description=\"");
    assertThat(r.body()).doesNotContain(bad);
    assertThat(r.json().get("detail").stringValue()).isNotBlank();
  }

  @Test
  void aTamperedSignatureIs401WithAShortReason() {
    String tampered =
        token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    Response r = http.get("/echo", bearer(tampered));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").stringValue()).isEqualTo("Invalid token signature");
  }

  @Test
  void twoAuthorizationHeadersAre401InvalidToken() {
    Response r =
        http.get("/echo", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void aTokenInTheQueryStringIsIgnored() {
    Response r = http.get("/echo?access_token=" + token);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"test-realm\"");
  }

  @Test
  void theDownstreamServletSeesThePrincipal() {
    Response r = http.get("/echo", bearer(token, "x-business-id", business));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            "principalClass=dev.dzauth.servlet.DzPrincipal",
            "name=alice",
            "remoteUser=alice",
            "authType=Bearer",
            "business=" + business,
            "inRole.tokens:read=true",
            "inRole.admin=false",
            "scopes=[reports, tokens:read, tokens:write]");
    assertThat(r.body()).containsPattern("attribute=[0-9a-f-]{36}");
  }

  @Test
  void xBusinessIdMustNameTheTokensBusiness() {
    assertThat(http.get("/echo", bearer(token, "x-business-id", business.toUpperCase())).status())
        .isEqualTo(200);
    Response other =
        http.get("/echo", bearer(token, "x-business-id", UUID.randomUUID().toString()));
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.body()).isEqualTo("{\"detail\":\"Not enough permissions\"}");
    assertThat(http.get("/echo", bearer(token, "x-business-id", "not-a-uuid")).status())
        .isEqualTo(403);
  }

  @Test
  void requiredScopesPerPathAre403InsufficientScope() {
    Response r = http.get("/admin/panel", bearer(token));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer realm=\"test-realm\", error=\"insufficient_scope\", scope=\"admin"
                + " tokens:read\"");
    assertThat(r.json().get("detail").stringValue()).isEqualTo("Not enough permissions");
  }

  @Test
  void excludedPathsPassWithoutAToken() {
    Response r = http.get("/open/thing");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("principalClass=null");
  }

  @Test
  void anUnreachableStoreIs503WithRetryAfterNever401() {
    String fresh = service.create(alice, CreateTokenRequest.named("fresh")).token();
    statuses.invalidateAll();
    store.setDown(true);
    try {
      Response r = http.get("/echo", bearer(fresh));
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isEqualTo("9");
      assertThat(r.json().get("detail").stringValue())
          .isEqualTo("Token store unavailable, retry later");
      Response api = http.get("/api/v1/tokens/whatever", bearer(token));
      assertThat(api.status()).isEqualTo(503);
    } finally {
      store.setDown(false);
    }
    assertThat(http.get("/echo", bearer(fresh)).status()).isEqualTo(200);
  }
}
