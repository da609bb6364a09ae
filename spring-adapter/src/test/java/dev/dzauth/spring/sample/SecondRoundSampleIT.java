package dev.dzauth.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.SecondRoundCorpus;
import java.util.List;
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
 * Issue 13's attacks against the Spring sample over HTTP, on the container of the execution
 * (Tomcat; Jetty in the on-jetty failsafe execution, see SecondRoundSampleOnJettyIT).
 */
@ExtendWith(OutputCaptureExtension.class)
final class SecondRoundSampleIT {

  @Test
  void everySecondRoundAttackIsAnsweredAsExpectedByTheSample(CapturedOutput output)
      throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SampleApplication.class)
            .properties(SampleApplication.defaults())
            .run("--server.port=0")) {
      var server = ((WebServerApplicationContext) context).getWebServer();
      Matcher m = Pattern.compile("Bootstrap token: (dz_\\S+)").matcher(output.getOut());
      assertThat(m.find()).isTrue();

      List<SecondRoundCorpus.Row> rows = SecondRoundCorpus.run(server.getPort(), m.group(1));

      System.out.println(
          SecondRoundCorpus.summary(
              "the Spring sample (" + server.getClass().getSimpleName() + ")", rows));
      assertThat(rows).filteredOn(r -> !r.asExpected()).isEmpty();
    }
  }
}
