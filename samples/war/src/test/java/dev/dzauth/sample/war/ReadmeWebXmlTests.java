package dev.dzauth.sample.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The WARs' {@code web.xml} files are the README's example, line for line, but for the key file
 * (the one in the WAR) and the store (memory in the main WAR; the README's JNDI name in the WAR of
 * classifier {@code jndi}).
 */
final class ReadmeWebXmlTests {

  private static final Pattern EXAMPLE =
      Pattern.compile(
          "### From `web.xml` \\(init-params alone\\)\\s+```xml\\n(.*?)```", Pattern.DOTALL);

  private static String param(String name, String value) {
    return "  <init-param><param-name>"
        + name
        + "</param-name><param-value>"
        + value
        + "</param-value></init-param>";
  }

  @ParameterizedTest
  @CsvSource({
    "src/main/webapp/WEB-INF/web.xml, memory",
    "src/main/jndi/web.xml,           jndi:java:comp/env/jdbc/dzauth"
  })
  void theWebXmlIsTheReadmesExample(String file, String store) throws IOException {
    Matcher m = EXAMPLE.matcher(Files.readString(Path.of("../../README.md")));
    assertThat(m.find()).as("the README's web.xml example").isTrue();
    List<String> expected =
        m.group(1)
            .lines()
            .map(
                line ->
                    line.contains("<param-name>key-set<")
                        ? param("key-set", "/WEB-INF/keys.json")
                        : line.contains("<param-name>store<") ? param("store", store) : line)
            .toList();

    List<String> webXml = Files.readAllLines(Path.of(file));
    int start = webXml.indexOf(expected.get(0));
    assertThat(start).as("%s has the example's first line", file).isNotNegative();
    assertThat(webXml.subList(start, Math.min(webXml.size(), start + expected.size())))
        .containsExactlyElementsOf(expected);
    assertThat(Files.exists(Path.of("src/main/webapp/WEB-INF/keys.json"))).isTrue();
  }
}
