package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.testing.DemoFixture;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /openapi.json} through {@code DzAuthFilter} and {@code DzTokenApiServlet} on Jetty:
 * the bytes of docs/openapi.json, without a token.
 */
final class OpenApiEndpointIT {

  private static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");
  private static DemoFixture fx;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fx = new DemoFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void openApiWhenNoTokenThenTheBytesOfDocsOpenApiJson() throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(fx.http.base().resolve("/openapi.json")).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());

    byte[] expected = Files.readAllBytes(DOCUMENT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(expected);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    String sha =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(MessageDigest.getInstance("SHA-256").digest(expected));
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
  }

  @Test
  void openApiWhenNotGetThen405AllowGet() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(fx.http.base().resolve("/openapi.json")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
  }
}
