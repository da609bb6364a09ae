package dev.dzauth.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http;
import dev.dzauth.testing.RawHttpConnection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The demo's container-level errors (bad request line, URI too long, header too large, unknown HTTP
 * version) answer the API's {@code {"detail": …}} JSON, not Jetty's HTML page, and no answer names
 * the server's version.
 */
final class ContainerErrorsIT {

  private static final String LONG = "a".repeat(20_000);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad request line   | 400 | GARBAGE\\r\\n\\r\\n",
        "bad URI            | 400 | GET /%zz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
        "URI too long       | 414 | GET /LONG HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
        "header too large   | 431 | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-Big: LONG\\r\\n\\r\\n",
        "unknown version    | 505 | GET / HTTP/1.7\\r\\nHost: x\\r\\n\\r\\n",
      })
  void aContainerErrorIsAnsweredWithJsonDetail(String name, int status, String request)
      throws Exception {
    try (DemoFixture demo = new DemoFixture();
        RawHttpConnection c = new RawHttpConnection(demo.demo.port())) {
      c.send(
          request
              .replace("\\r\\n", "\r\n")
              .replace("LONG", LONG)
              .getBytes(StandardCharsets.US_ASCII));
      RawHttpConnection.Response r = c.read();

      assertThat(r.status()).isEqualTo(status);
      assertThat(r.headers().get("content-type")).startsWith("application/json");
      assertThat(Http.JSON.readTree(r.body()).path("detail").isString()).as(r.body()).isTrue();
      assertThat(r.body()).doesNotContain("<html", "Exception", "jetty");
      assertThat(r.headers()).doesNotContainKey("server");
    }
  }

  @Test
  void noAnswerNamesTheServer() throws Exception {
    try (DemoFixture demo = new DemoFixture()) {
      assertThat(demo.http.get("/api/v1/me").headers().firstValue("Server")).isEmpty();
      assertThat(demo.http.get("/.well-known/jwks.json").headers().firstValue("Server")).isEmpty();
    }
  }
}
