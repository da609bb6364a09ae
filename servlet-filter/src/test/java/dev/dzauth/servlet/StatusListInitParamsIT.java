package dev.dzauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.http.TokenApi;
import dev.dzauth.servlet.jetty.JettyHardening;
import dev.dzauth.servlet.testing.Http;
import dev.dzauth.testing.Await;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.StatusListToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Status lists from init-params alone, over real HTTP: an issuer (a filter with {@code
 * status-list-base-uri} and the API servlet on {@code /statuslists/*}) serves its lists, and a
 * verify-only filter ({@code verify-only-issuer}) in front of another application accepts the
 * issuer's tokens and refuses one revoked on the issuer within the list's ttl and a poll.
 */
final class StatusListInitParamsIT {

  @TempDir Path dir;
  private Server issuer;
  private Server verifier;

  @AfterEach
  void stop() throws Exception {
    for (Server s : new Server[] {verifier, issuer}) {
      if (s != null) {
        s.stop();
      }
    }
  }

  private static Server server() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    connector.open(); // the port is known before the filter is configured
    JettyHardening.apply(server);
    return server;
  }

  private static int port(Server s) {
    return ((ServerConnector) s.getConnectors()[0]).getLocalPort();
  }

  private String startIssuer() throws Exception {
    issuer = server();
    String base = "http://127.0.0.1:" + port(issuer);
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KeySet.of(TestKeys.es256()).toJwkSetJson());
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(new DzAuthFilter());
    filter.setInitParameter("issuer", base);
    filter.setInitParameter("key-set", keys.toString());
    filter.setInitParameter("status-list-base-uri", base + "/statuslists");
    filter.setInitParameter("status-list-ttl", "1s");
    filter.setInitParameter("bootstrap-subject", "admin");
    filter.setInitParameter("bootstrap-business", "acme");
    filter.setInitParameter("bootstrap-token-file", dir.resolve("admin.token").toString());
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder api = new ServletHolder("tokens", new DzTokenApiServlet());
    api.setInitOrder(1);
    for (String path :
        new String[] {
          TokenApi.TOKENS_PATH, TokenApi.TOKENS_PATH + "/*", TokenApi.JWKS_PATH, "/statuslists/*"
        }) {
      context.addServlet(api, path);
    }
    issuer.setHandler(context);
    issuer.start();
    return base;
  }

  private Http startVerifier(String issuerUrl) throws Exception {
    verifier = server();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(new DzAuthFilter());
    filter.setInitParameter("verify-only-issuer", issuerUrl);
    filter.setInitParameter("verify-only-min-ttl", "1s");
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new PrincipalEchoServlet()), "/me");
    verifier.setHandler(context);
    verifier.start();
    return new Http(java.net.URI.create("http://127.0.0.1:" + port(verifier) + "/"));
  }

  @Test
  void theIssuerServesItsListsAndAVerifyOnlyFilterRefusesARevokedTokenWithinTheTtl()
      throws Exception {
    String base = startIssuer();
    Http http = new Http(java.net.URI.create(base + "/"));
    String admin = Files.readString(dir.resolve("admin.token")).strip();

    Http.Response list = http.get("/statuslists/1");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.header("Content-Type")).isEqualTo(StatusListToken.MEDIA_TYPE);
    assertThat(list.header("Cache-Control")).isEqualTo("max-age=1");
    assertThat(list.header("X-Content-Type-Options")).isEqualTo("nosniff");
    String etag = list.header("ETag");
    assertThat(etag).startsWith("\"");
    Http.Response again = http.get("/statuslists/1", "If-None-Match", etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.header("ETag")).isEqualTo(etag);
    assertThat(again.body()).isEmpty();
    for (String missing : new String[] {"/statuslists/2", "/statuslists/01", "/statuslists/x"}) {
      assertThat(http.get(missing).status()).as(missing).isEqualTo(404);
    }
    Http.Response post = http.post("/statuslists/1", "");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET");

    Http.Response created =
        http.post(
            "/api/v1/tokens",
            "{\"name\":\"for the verifier\"}",
            Http.bearer(admin, "x-business-id", "acme", "Content-Type", "application/json"));
    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    String token = body.get("token").stringValue();
    String id = body.get("token_info").get("id").stringValue();

    Http other = startVerifier(base);
    Http.Response me = other.get("/me", Http.bearer(token));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body()).contains("admin");

    Http.Response revoked =
        http.post(
            "/api/v1/tokens/" + id + "/revoke",
            "{}",
            Http.bearer(admin, "x-business-id", "acme", "Content-Type", "application/json"));
    assertThat(revoked.status()).isEqualTo(201);
    // ttl 1 s + the issuer's poll (1 s) + one fetch, with room for a loaded machine.
    Duration took =
        Await.until(
            "the verify-only filter refuses the revoked token",
            Duration.ofSeconds(10),
            () -> other.get("/me", Http.bearer(token)).status() == 401);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(other.get("/me", Http.bearer(admin)).status()).as("another token").isEqualTo(200);
    assertThat(other.get("/statuslists/1").status())
        .as("a verify-only filter serves no lists: the path needs a token")
        .isEqualTo(401);
  }

  @Test
  void verifyOnlyRefusesTheInitParamsOfAStoreAndKeys() {
    Map<String, String> params = new HashMap<>();
    params.put("verify-only-issuer", "https://auth.example.com");
    params.put("store", "memory");
    assertThatThrownBy(() -> InitParams.configure(config(params)))
        .hasMessageContaining("'store' does not apply with verify-only-issuer");
    params.remove("store");
    params.put("verify-only-max-ttl", "1h");
    params.put("verify-only-min-ttl", "2h");
    assertThatThrownBy(() -> InitParams.configure(config(params))).hasMessageContaining("minTtl");
    Map<String, String> without =
        Map.of("verify-only-min-ttl", "1s", "issuer", "x", "key-set", "y");
    assertThatThrownBy(() -> InitParams.configure(config(without)))
        .hasMessageContaining("'verify-only-min-ttl' needs verify-only-issuer");
  }

  @Test
  void statusListParamsNeedTheBaseUriAndAnAsymmetricKey() throws Exception {
    Path keys = dir.resolve("hs.json");
    Files.writeString(keys, KeySet.of(TestKeys.hs256()).toJwkSetJson());
    Map<String, String> params = new HashMap<>();
    params.put("issuer", "https://auth.example.com");
    params.put("key-set", keys.toString());
    params.put("status-list-ttl", "5s");
    assertThatThrownBy(() -> InitParams.configure(config(params)))
        .hasMessageContaining("'status-list-ttl' needs status-list-base-uri");
    params.put("status-list-base-uri", "https://auth.example.com/statuslists");
    assertThatThrownBy(() -> InitParams.configure(config(params)))
        .hasMessageStartingWith("dz-auth init-param 'status-list-base-uri': statusLists needs");
  }

  private static FilterConfig config(Map<String, String> params) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "lists";
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException("no servlet context in this test");
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }
}
