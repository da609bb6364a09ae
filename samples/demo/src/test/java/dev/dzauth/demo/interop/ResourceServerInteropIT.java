package dev.dzauth.demo.interop;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.demo.DemoFixture;
import dev.dzauth.http.TokenApi;
import dev.dzauth.servlet.testing.Http;
import dev.dzauth.servlet.testing.Http.Response;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.SpringSecurityCoreVersion;
import tools.jackson.databind.JsonNode;

/**
 * The introspection interop evidence (issue 16): a stock Spring Boot resource server ({@link
 * StockResourceServer}, Spring Security's own opaque-token support) introspects {@code dz_} tokens
 * at the demo's {@code POST /oauth2/introspect} (RFC 7662): it accepts a live token, and refuses it
 * once it is revoked through the demo's API, once it is reported leaked, and when it is another
 * business's. Prints one result line per introspector.
 */
final class ResourceServerInteropIT {

  /**
   * Spring Security's introspectors on the class path: {@code RestClientOpaqueTokenIntrospector}
   * came with Spring Security 7.1 (the build also runs against Spring Boot 4.0.0, Security 7.0).
   */
  static java.util.List<String> introspectors() {
    return StockResourceServer.hasRestClientIntrospector()
        ? java.util.List.of("spring", "rest-client")
        : java.util.List.of("spring");
  }

  @ParameterizedTest
  @MethodSource("introspectors")
  void aStockResourceServerAcceptsADzTokenAndRefusesItAfterARevoke(String introspector)
      throws Exception {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    try (DemoFixture fx = new DemoFixture()) {
      String bootstrap = fx.demo.bootstrapToken();
      // The resource server's own credential: a dz_ token with tokens:introspect only, made
      // through the demo's API as an operator would.
      String rsToken = create(fx, bootstrap, "resource server", TokenApi.INTROSPECT_SCOPE);
      try (ConfigurableApplicationContext rs =
          new SpringApplicationBuilder(StockResourceServer.class)
              .properties(
                  "server.port=0",
                  "server.address=127.0.0.1",
                  "spring.main.banner-mode=off",
                  "interop.introspector=" + introspector,
                  "interop.introspection-uri="
                      + fx.demo.baseUri().resolve(TokenApi.INTROSPECT_PATH),
                  "interop.token=" + rsToken)
              .run()) {
        Http api =
            new Http(
                URI.create(
                    "http://127.0.0.1:"
                        + rs.getEnvironment().getRequiredProperty("local.server.port")
                        + "/"));

        // A client's dz_ token: accepted, with its subject, business and scopes.
        JsonNode created = createJson(fx, bootstrap, "client", TokenApi.READ_SCOPE);
        String client = created.get("token").stringValue();
        Response ok = api.get("/hello", bearer(client));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("name").stringValue()).isEqualTo("admin@demo.example");
        assertThat(ok.json().get("business_id").stringValue()).isEqualTo(fx.demo.businessId());
        assertThat(ok.json().get("authorities").toString()).isEqualTo("[\"SCOPE_tokens:read\"]");

        // Revoked through the demo's API: refused.
        String id = created.get("token_info").get("id").stringValue();
        Response revoke =
            fx.http.post(
                "/api/v1/tokens/" + id + "/revoke",
                "{\"reason\":\"interop\"}",
                bearer(bootstrap, "Content-Type", "application/json"));
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(201);
        Response afterRevoke = api.get("/hello", bearer(client));
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.header("WWW-Authenticate")).contains("error=\"invalid_token\"");

        // Reported leaked: refused.
        String leaked = create(fx, bootstrap, "leaked", TokenApi.READ_SCOPE);
        assertThat(api.get("/hello", bearer(leaked)).status()).isEqualTo(200);
        Response report =
            fx.http.post(
                TokenApi.LEAKS_PATH,
                "{\"tokens\":[\"" + leaked + "\",\"dz_garbage\"]}",
                bearer(bootstrap, "Content-Type", "application/json"));
        assertThat(report.body()).isEqualTo("{\"received\":2}");
        int afterLeak = api.get("/hello", bearer(leaked)).status();
        assertThat(afterLeak).isEqualTo(401);

        // Another business's live token: not described to this resource server.
        int otherBusiness = api.get("/hello", bearer(fx.demo.otherToken())).status();
        assertThat(otherBusiness).isEqualTo(401);
        assertThat(api.get("/hello", bearer("dz_garbage")).status()).isEqualTo(401);

        System.out.println(
            "Introspection interop: Spring Boot "
                + SpringBootVersion.getVersion()
                + " resource server, Spring Security "
                + SpringSecurityCoreVersion.getVersion()
                + " "
                + (introspector.equals("spring")
                    ? "SpringOpaqueTokenIntrospector"
                    : "RestClientOpaqueTokenIntrospector")
                + " against the demo's /oauth2/introspect: dz_ token "
                + ok.status()
                + ", after revoke "
                + afterRevoke.status()
                + ", after a leak report "
                + afterLeak
                + ", another business's token "
                + otherBusiness);
      }
    }
  }

  private static JsonNode createJson(DemoFixture fx, String bootstrap, String name, String scope) {
    Response r =
        fx.http.post(
            "/api/v1/tokens",
            "{\"name\":\"" + name + "\",\"expires_in_days\":1,\"scopes\":[\"" + scope + "\"]}",
            bearer(bootstrap, "Content-Type", "application/json"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static String create(DemoFixture fx, String bootstrap, String name, String scope) {
    return createJson(fx, bootstrap, name, scope).get("token").stringValue();
  }
}
