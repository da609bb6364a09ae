package dev.dzauth.servlet;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.servlet.testing.Http;
import dev.dzauth.servlet.testing.Http.Response;
import dev.dzauth.testing.CaseVariants;
import dev.dzauth.testing.RawHttpConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The filter and the API servlet deployed from a real {@code web.xml} ({@code src/test/webapp})
 * with init-params alone, in a Jetty {@link WebAppContext}; and start-up failing, naming the
 * parameter, for a bad or missing one.
 */
final class WebXmlDeploymentIT {

  private static final Path WEBAPP = Path.of("src/test/webapp");

  private record Deployed(Server server, WebAppContext app, Http http) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      server.stop();
    }
  }

  private static Deployed deploy(Path webapp) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector); // not hardened: a standalone Jetty as its user left it
    WebAppContext app = new WebAppContext();
    app.setContextPath("/app");
    app.setWar(webapp.toAbsolutePath().toString());
    app.setParentLoaderPriority(true);
    app.setThrowUnavailableOnStartupException(true);
    server.setHandler(app);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new Deployed(
        server,
        app,
        new Http(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/")));
  }

  /**
   * On a Jetty nobody hardened, the filter's {@code init} reaches the server's connectors and makes
   * their header cache case-sensitive: a token with its letter case changed is refused on one
   * keep-alive connection.
   */
  @Test
  void onAnUnhardenedJettyTheFilterMakesTheHeaderCacheCaseSensitive() throws Exception {
    try (Deployed d = deploy(WEBAPP);
        RawHttpConnection c = new RawHttpConnection(d.http().base().getPort())) {
      TokenService service =
          (TokenService)
              d.app().getServletContext().getAttribute(DzAuthFilter.TOKEN_SERVICE_ATTRIBUTE);
      String token =
          service
              .create(
                  new Caller("carol", UUID.randomUUID().toString(), Set.of("tokens:read")),
                  CreateTokenRequest.named("case"))
              .token();

      assertThat(c.get("/app/echo/x", "Authorization: Bearer " + token).status()).isEqualTo(200);
      for (var v : CaseVariants.of(token).entrySet()) {
        assertThat(c.get("/app/echo/x", "Authorization: Bearer " + v.getValue()).status())
            .as(v.getKey())
            .isEqualTo(401);
      }
      assertThat(
              ((ServerConnector) d.server().getConnectors()[0])
                  .getConnectionFactory(HttpConnectionFactory.class)
                  .getHttpConfiguration()
                  .isHeaderCacheCaseSensitive())
          .isTrue();
    }
  }

  @Test
  void initParamsAloneConfigureFilterApiAndPrincipal() throws Exception {
    try (Deployed d = deploy(WEBAPP)) {
      TokenService service =
          (TokenService)
              d.app().getServletContext().getAttribute(DzAuthFilter.TOKEN_SERVICE_ATTRIBUTE);
      assertThat(service).isNotNull();
      String business = UUID.randomUUID().toString();
      String token =
          service
              .create(
                  new Caller("carol", business, Set.of("tokens:read", "tokens:write")),
                  CreateTokenRequest.named("webxml"))
              .token();

      Response none = d.http().get("echo/x");
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"webxml-realm\"");

      Response echo = d.http().get("echo/x", bearer(token, "x-business-id", business));
      assertThat(echo.status()).isEqualTo(200);
      assertThat(echo.body())
          .contains(
              "principalClass=dev.dzauth.servlet.DzPrincipal",
              "remoteUser=carol",
              "authType=Bearer",
              "inRole.tokens:read=true",
              "business=" + business);

      assertThat(d.http().get("public/page").status()).isEqualTo(200);
      assertThat(d.http().get("health").status()).isEqualTo(200);
      Response admin = d.http().get("admin/x", bearer(token));
      assertThat(admin.status()).isEqualTo(403);
      assertThat(admin.header("WWW-Authenticate"))
          .contains("error=\"insufficient_scope\"", "scope=\"admin\"");
      Response reports = d.http().get("reports/q", bearer(token));
      assertThat(reports.header("WWW-Authenticate")).contains("scope=\"reports:read tokens:read\"");

      Response created = d.http().post("api/v1/tokens", "{\"name\":\"from-api\"}", bearer(token));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      Response listed = d.http().get("api/v1/tokens", bearer(token));
      assertThat(listed.json().get("items").size()).isEqualTo(2);
      Response jwks = d.http().get(".well-known/jwks.json");
      assertThat(jwks.status()).isEqualTo(200);
      assertThat(jwks.json().get("keys").get(0).get("kid").stringValue())
          .isEqualTo("webxml-test-es256");
      assertThat(jwks.body()).doesNotContain("\"d\"");
    }
  }

  @Test
  void theWebXmlMapsIntrospectionAndLeakReports() throws Exception {
    try (Deployed d = deploy(WEBAPP)) {
      TokenService service =
          (TokenService)
              d.app().getServletContext().getAttribute(DzAuthFilter.TOKEN_SERVICE_ATTRIBUTE);
      String business = UUID.randomUUID().toString();
      Caller dave =
          new Caller(
              "dave", business, Set.of("tokens:read", "tokens:introspect", "tokens:report-leaks"));
      String token = service.create(dave, CreateTokenRequest.named("webxml")).token();
      String other = service.create(dave, CreateTokenRequest.named("leaked")).token();

      Response introspected =
          d.http()
              .post(
                  "oauth2/introspect",
                  "token=" + other,
                  bearer(token, "Content-Type", "application/x-www-form-urlencoded"));
      assertThat(introspected.status()).as(introspected.body()).isEqualTo(200);
      assertThat(introspected.json().get("sub").stringValue()).isEqualTo("dave");

      Response reported =
          d.http()
              .post(
                  "api/v1/tokens/leaks",
                  "{\"tokens\":[\"" + other + "\"]}",
                  bearer(token, "Content-Type", "application/json"));
      assertThat(reported.body()).isEqualTo("{\"received\":1}");
      assertThat(
              d.http()
                  .post(
                      "oauth2/introspect",
                      "token=" + other,
                      bearer(token, "Content-Type", "application/x-www-form-urlencoded"))
                  .body())
          .isEqualTo("{\"active\":false}");
    }
  }

  @Test
  void aJdbcUrlStoreWorksThroughTheJdbcStoreAndHikari(@TempDir Path dir) throws Exception {
    Path webInf = Files.createDirectories(dir.resolve("WEB-INF"));
    Files.copy(WEBAPP.resolve("WEB-INF/dz-keys.json"), webInf.resolve("dz-keys.json"));
    String xml =
        Files.readString(WEBAPP.resolve("WEB-INF/web.xml"))
            .replace(
                "<param-value>memory</param-value>",
                "<param-value>jdbc:h2:mem:webxml;DB_CLOSE_DELAY=-1</param-value>");
    Files.writeString(webInf.resolve("web.xml"), xml);
    try (Deployed d = deploy(dir)) {
      TokenService service =
          (TokenService)
              d.app().getServletContext().getAttribute(DzAuthFilter.TOKEN_SERVICE_ATTRIBUTE);
      assertThat(service.store().getClass().getSimpleName()).isEqualTo("JdbcTokenStore");
      String token =
          service
              .create(
                  new Caller("dave", UUID.randomUUID().toString(), Set.of("tokens:read")),
                  CreateTokenRequest.named("h2"))
              .token();
      assertThat(d.http().get("echo/x", bearer(token)).status()).isEqualTo(200);
      assertThat(
              d.http()
                  .get("api/v1/tokens", bearer(token))
                  .json()
                  .get("items")
                  .get(0)
                  .get("name")
                  .stringValue())
          .isEqualTo("h2");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "issuer           | <absent>            | 'issuer' is required",
        "key-set          | /WEB-INF/nope.json  | 'key-set'",
        "active-kid       | no-such-kid         | 'key-set'",
        "algorithms       | HS999               | 'algorithms'",
        "store            | redis://x           | 'store'",
        "store            | jdbc:nosuchdb://x   | 'store'",
        "store            | jndi:java:comp/env/jdbc/none | 'store'",
        "status-refresh-after | soon            | 'status-refresh-after'",
        "status-max-staleness | 1s              | 'status-max-staleness'",
        "clock-skew       | 1h                  | 'clock-skew'",
        "max-roll-grace-period | PT-1S          | 'max-roll-grace-period'",
        "max-roll-grace-period | soon           | 'max-roll-grace-period'",
        "status-cache-size | lots               | 'status-cache-size'",
        "excluded-paths   | no-slash            | 'excluded-paths'",
        "required-scopes  | /admin/*            | 'required-scopes'",
        "realm            | a\"b                | 'realm'",
        "isuer            | typo                | 'isuer' is unknown",
      })
  void aBadOrMissingInitParamFailsStartUpNamingIt(
      String name, String value, String message, @TempDir Path dir) throws Exception {
    Path webInf = Files.createDirectories(dir.resolve("WEB-INF"));
    Files.copy(WEBAPP.resolve("WEB-INF/dz-keys.json"), webInf.resolve("dz-keys.json"));
    String xml = Files.readString(WEBAPP.resolve("WEB-INF/web.xml"));
    String param = "<init-param><param-name>" + name + "</param-name>";
    if (xml.contains(param)) {
      xml =
          xml.replaceFirst(
              "<init-param><param-name>"
                  + name
                  + "</param-name><param-value>[^<]*</param-value></init-param>",
              value.equals("<absent>")
                  ? ""
                  : param
                      + "<param-value>"
                      + value.replace("\"", "&quot;")
                      + "</param-value></init-param>");
    } else if (xml.contains("<param-name>" + name + "</param-name>")) {
      xml =
          xml.replaceFirst(
              "<param-value>/admin/\\*=admin; /reports/\\*=reports:read tokens:read</param-value>",
              "<param-value>" + value + "</param-value>");
    } else {
      xml =
          xml.replace(
              "</filter-class>",
              "</filter-class>\n    "
                  + param
                  + "<param-value>"
                  + value
                  + "</param-value></init-param>");
    }
    Files.writeString(webInf.resolve("web.xml"), xml);

    assertThatThrownBy(() -> deploy(dir).close())
        .satisfies(e -> assertThat(causes(e)).contains(message))
        // the API servlet starts after the filter: it names the filter's cause, not a missing API
        .satisfies(e -> assertThat(causes(e)).doesNotContain("no TokenApi in servlet context"));
  }

  private static String causes(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append(" | ");
      for (Throwable s : t.getSuppressed()) {
        b.append(causes(s));
      }
    }
    return b.toString();
  }
}
