package dev.dzauth.spring.boot.lists;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.assembly.VerifyOnly;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.store.TokenStore;
import dev.dzauth.testing.Await;
import dev.dzauth.token.StatusListToken;
import dev.dzauth.token.TokenVerifier;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Spring Boot applications over real HTTP: an issuer with {@code dz.auth.status-lists.base-uri}
 * serves its lists at {@code /statuslists/{n}} (public in the default chain), and a service with
 * {@code dz.auth.verify-only.issuer} (no store, no keys) accepts its tokens and refuses one revoked
 * on the issuer within the lists' ttl and a poll.
 */
final class StatusListsHttpIT {

  private static ConfigurableApplicationContext issuer;
  private static ConfigurableApplicationContext verifier;
  private static int issuerPort;
  private static int verifierPort;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      issuerPort = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + issuerPort;
    issuer =
        new SpringApplicationBuilder(ListsTestApplication.class)
            .properties(
                "dz.auth.issuer=https://issuer.test",
                "dz.auth.status-lists.base-uri=" + base + "/statuslists",
                "dz.auth.status-lists.ttl=1s",
                "server.port=" + issuerPort,
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
            .run();
    verifier =
        new SpringApplicationBuilder(ListsTestApplication.class)
            .properties(
                "dz.auth.issuer=https://issuer.test",
                "dz.auth.verify-only.issuer=" + base,
                "dz.auth.verify-only.min-ttl=1s",
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
            .run();
    verifierPort = ((WebServerApplicationContext) verifier).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    if (verifier != null) {
      verifier.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> me(String token) throws Exception {
    return get(verifierPort, "/api/v1/me", "Authorization", "Bearer " + token);
  }

  @Test
  void theVerifyOnlyServiceHasNoStoreNorAssembly() {
    assertThat(verifier.getBeanNamesForType(TokenStore.class)).isEmpty();
    assertThat(verifier.getBeanNamesForType(DzAuth.class)).isEmpty();
    assertThat(verifier.getBeanNamesForType(TokenService.class)).isEmpty();
    assertThat(verifier.getBean(TokenVerifier.class).isVerifyOnly()).isTrue();
    assertThat(verifier.getBean(VerifyOnly.class).verifier().issuer())
        .isEqualTo("https://issuer.test");
  }

  @Test
  void theIssuerServesItsListsPubliclyAndARevocationReachesTheVerifyOnlyService() throws Exception {
    CreatedToken t =
        issuer
            .getBean(TokenService.class)
            .create(new Caller("ann", "b1", Set.of("orders:read")), CreateTokenRequest.named("t"));

    HttpResponse<String> list = get(issuerPort, "/statuslists/1");
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Type")).hasValue(StatusListToken.MEDIA_TYPE);
    assertThat(list.headers().firstValue("Cache-Control")).hasValue("max-age=1");
    String etag = list.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = get(issuerPort, "/statuslists/1", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(get(issuerPort, "/statuslists/7").statusCode()).isEqualTo(404);

    HttpResponse<String> ok = me(t.token());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("\"subject\":\"ann\"");

    issuer
        .getBean(TokenService.class)
        .revoke(new Caller("ann", "b1", Set.of()), t.record().id(), null);
    Await.until(
        "the verify-only service refuses the revoked token",
        Duration.ofSeconds(10),
        () -> {
          try {
            return me(t.token()).statusCode() == 401;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(me(t.token()).headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("Token has been revoked");
  }
}
