package dev.dzauth.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.dzauth.servlet.testing.Http;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The vendor's cURL sample of {@code POST /api/v1/tokens} (docs/API.md, create a token; the
 * README's demo section sends the same body), run as written with the real {@code curl} against the
 * demo.
 */
final class DemoCurlIT {

  @Test
  void theCreateCurlSampleWorksAgainstTheDemo() throws Exception {
    assumeThat(curl()).as("curl on the PATH").isNotNull();
    try (DemoFixture fx = new DemoFixture()) {
      String url = fx.demo.baseUri().resolve("/api/v1/tokens").toString();
      // curl -X POST 'https://api.ondayzero.com/api/v1/tokens' -H 'Authorization: Bearer
      // dz_your_token'
      //   -H 'x-business-id: YOUR_BUSINESS_ID' -H 'Content-Type: application/json' -d '{ "name":
      // "string" }'
      Process p =
          new ProcessBuilder(
                  curl(),
                  "-s",
                  "-w",
                  "\n%{http_code}",
                  "-X",
                  "POST",
                  url,
                  "-H",
                  "Authorization: Bearer " + fx.demo.bootstrapToken(),
                  "-H",
                  "x-business-id: " + fx.demo.businessId(),
                  "-H",
                  "Content-Type: application/json",
                  "-d",
                  "{\n  \"name\": \"string\"\n}")
              .redirectErrorStream(true)
              .start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      List<String> lines = out.lines().toList();
      assertThat(lines.get(lines.size() - 1)).isEqualTo("201");
      JsonNode body = Http.JSON.readTree(String.join("\n", lines.subList(0, lines.size() - 1)));
      assertThat(body.get("token").stringValue()).startsWith("dz_");
      assertThat(body.get("token_info").get("name").stringValue()).isEqualTo("string");

      Process me =
          new ProcessBuilder(
                  curl(),
                  "-s",
                  fx.demo.baseUri().resolve("/api/v1/me").toString(),
                  "-H",
                  "Authorization: Bearer " + body.get("token").stringValue())
              .start();
      assertThat(me.waitFor(30, TimeUnit.SECONDS)).isTrue();
      JsonNode principal =
          Http.JSON.readTree(
              new String(me.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      assertThat(principal.get("business_id").stringValue()).isEqualTo(fx.demo.businessId());
      assertThat(principal.get("token_id").stringValue())
          .isEqualTo(body.get("token_info").get("id").stringValue());
    }
  }

  private static String curl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "curl");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}
