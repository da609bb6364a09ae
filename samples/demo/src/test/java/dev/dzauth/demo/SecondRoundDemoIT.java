package dev.dzauth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.SecondRoundCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's attacks against the demo over HTTP: every one answered as expected, with JSON and no
 * Server header.
 */
final class SecondRoundDemoIT {

  @Test
  void everySecondRoundAttackIsAnsweredAsExpectedByTheDemo() throws Exception {
    try (DemoFixture demo = new DemoFixture()) {
      List<SecondRoundCorpus.Row> rows =
          SecondRoundCorpus.run(demo.demo.port(), demo.demo.bootstrapToken());

      System.out.println(SecondRoundCorpus.summary("the demo (Jetty 12.1.14, H2)", rows));
      assertThat(rows).filteredOn(r -> !r.asExpected()).isEmpty();
      assertThat(rows)
          .filteredOn(r -> r.name().startsWith("container:"))
          .allMatch(SecondRoundCorpus.Row::jsonDetail);
      assertThat(rows).noneMatch(SecondRoundCorpus.Row::serverHeader);
    }
  }
}
