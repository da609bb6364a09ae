package dev.dzauth.spring.boot.userchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A user's own chain with {@code http.with(DzAuthConfigurer.dzAuth(), …)} replaces the default. */
@SpringBootTest(
    classes = UserChainApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
final class UserChainHttpIT {

  @LocalServerPort int port;
  @Autowired TokenService tokens;

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token(Set<String> scopes) {
    return tokens
        .create(
            new Caller("u", UUID.randomUUID().toString(), scopes), CreateTokenRequest.named("t"))
        .token();
  }

  @Test
  void userRulesApply() throws Exception {
    assertThat(get("/open", null).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/me", "Bearer " + token(Set.of("orders:read"))).statusCode())
        .isEqualTo(200);
    HttpResponse<String> denied = get("/api/v1/me", "Bearer " + token(Set.of("tokens:read")));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("insufficient_scope");
  }

  @Test
  void nonDzBearerIsLeftAloneByDzPrefixedOnlyResolver() throws Exception {
    HttpResponse<String> r = get("/api/v1/me", "Bearer some-other-jwt");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"dz-auth\"");
    assertThat(r.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
  }
}
