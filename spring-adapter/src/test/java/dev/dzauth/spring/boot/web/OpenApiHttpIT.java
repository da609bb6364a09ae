package dev.dzauth.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /openapi.json} through the starter (default security chain, API on a moved base path):
 * the bytes of docs/openapi.json, without a token, at the root whatever the base path.
 */
@SpringBootTest(
    classes = WebTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "dz.auth.api.enabled=true",
      "dz.auth.api.base-path=/auth",
      "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
final class OpenApiHttpIT {

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void openApiWhenNoTokenThenTheBytesOfDocsOpenApiJson() throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openapi.json"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Files.readAllBytes(Path.of("..", "docs", "openapi.json")));
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    assertThat(r.headers().firstValue("ETag"))
        .hasValueSatisfying(e -> assertThat(e).matches("\"[A-Za-z0-9_-]{43}\""));
  }
}
