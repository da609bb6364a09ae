package dev.dzauth.spring.boot.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Without Spring Security on the class path (hidden by a {@link FilteredClassLoader}), the starter
 * registers the servlet {@code DzAuthFilter}: tokens authenticate, errors are the shared ones, and
 * the management API works through the filter's principal.
 */
final class PlainServletHttpIT {

  private static ConfigurableApplicationContext context;
  private static int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    context =
        new SpringApplicationBuilder(PlainServletApplication.class)
            .resourceLoader(
                new DefaultResourceLoader(new FilteredClassLoader("org.springframework.security")))
            .properties(
                "dz.auth.issuer=https://auth.test",
                "dz.auth.api.enabled=true",
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
            .run();
    port = ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void noSpringSecurityBeans() {
    assertThat(
            context.getBeanNamesForType(
                org.springframework.boot.web.servlet.FilterRegistrationBean.class))
        .contains("dzAuthFilterRegistration");
    assertThat(context.containsBean("dzAuthSecurityFilterChain")).isFalse();
  }

  @Test
  void tokenAuthenticatesThroughTheServletFilter() throws Exception {
    String token =
        context
            .getBean(TokenService.class)
            .create(
                new Caller("plain-user", UUID.randomUUID().toString(), Set.of("tokens:read")),
                CreateTokenRequest.named("p"))
            .token();
    HttpResponse<String> r = get("/api/v1/me", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"subject\":\"plain-user\"");

    HttpResponse<String> list = get("/api/v1/tokens", token);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("\"items\":[");
  }

  @Test
  void errorsAreTheSharedOnes() throws Exception {
    HttpErrors errors = context.getBean(HttpErrors.class);
    HttpResponse<String> none = get("/api/v1/me", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).isEqualTo(errors.notAuthenticated().bodyText());
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"dz-auth\"");
    HttpResponse<String> bad = get("/api/v1/me", "dz_x.y.z");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void jwksIsPublic() throws Exception {
    assertThat(get("/.well-known/jwks.json", null).statusCode()).isEqualTo(200);
  }
}
