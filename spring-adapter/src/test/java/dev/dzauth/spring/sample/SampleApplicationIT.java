package dev.dzauth.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample behaves as the README's demo section describes: printed lines, 127.0.0.1, and {@code
 * /api/v1/me}.
 */
@ExtendWith(OutputCaptureExtension.class)
final class SampleApplicationIT {

  @Test
  void printsTokensAndServesMe(CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SampleApplication.class)
            .properties(SampleApplication.defaults())
            .run("--server.port=0")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      String bootstrap = line(output, "Bootstrap token: (dz_\\S+)");
      String business = line(output, "Business id: ([0-9a-f-]{36})");
      String other = line(output, "Other user token: (dz_\\S+)");

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> me =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                  .header("Authorization", "Bearer " + bootstrap)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body())
          .contains("\"business_id\":\"" + business + "\"")
          .contains("\"scopes\":[\"tokens:read\",\"tokens:write\"]");

      HttpResponse<String> otherInBootstrapBusiness =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                  .header("Authorization", "Bearer " + other)
                  .header("x-business-id", business)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(otherInBootstrapBusiness.statusCode()).isEqualTo(403);

      HttpResponse<String> none =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(none.statusCode()).isEqualTo(401);
    }
  }

  private static String line(CapturedOutput output, String regex) {
    Matcher m = Pattern.compile(regex).matcher(output.getOut());
    assertThat(m.find()).as("output has %s", regex).isTrue();
    return m.group(1);
  }
}
