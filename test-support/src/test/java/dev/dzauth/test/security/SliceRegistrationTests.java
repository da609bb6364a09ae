package dev.dzauth.test.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * The slice registration names the starter's auto-configurations that exist: a rename in the
 * starter fails here, not silently in users' {@code @WebMvcTest}s (the entries are {@code
 * optional:}, so Boot would skip a missing one).
 */
final class SliceRegistrationTests {

  static final String IMPORTS =
      "META-INF/spring/org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc.imports";

  @Test
  void importsWhenReadThenEveryEntryIsAnAutoConfigurationOfTheStarter() throws Exception {
    List<String> entries = entries();

    assertThat(entries)
        .containsExactly(
            "optional:dev.dzauth.spring.boot.DzAuthAutoConfiguration",
            "optional:dev.dzauth.spring.boot.DzAuthSecurityAutoConfiguration",
            "optional:dev.dzauth.spring.boot.DzAuthServletFilterAutoConfiguration");
    for (String entry : entries) {
      Class<?> type = Class.forName(entry.substring("optional:".length()));
      assertThat(type.isAnnotationPresent(AutoConfiguration.class)).as(entry).isTrue();
    }
  }

  @Test
  void annotationWhenNamedByTheFileThenExistsInSpringBoot() throws Exception {
    String annotation =
        IMPORTS.substring("META-INF/spring/".length(), IMPORTS.length() - ".imports".length());

    assertThat(Class.forName(annotation).isAnnotation()).isTrue();
  }

  private static List<String> entries() throws IOException {
    try (InputStream in =
        SliceRegistrationTests.class.getClassLoader().getResourceAsStream(IMPORTS)) {
      assertThat(in).as(IMPORTS).isNotNull();
      return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
          .map(String::strip)
          .filter(s -> !s.isEmpty() && !s.startsWith("#"))
          .toList();
    }
  }
}
