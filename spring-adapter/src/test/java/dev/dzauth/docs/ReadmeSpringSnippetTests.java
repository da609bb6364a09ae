package dev.dzauth.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.JavaSnippets;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.SecurityFilterChain;

/** The README's Spring Security snippet compiles, pasted into a configuration class. */
class ReadmeSpringSnippetTests {

  @Test
  void theSecurityFilterChainBean() throws Exception {
    try (URLClassLoader loader =
        JavaSnippets.compile(
            JavaSnippets.containing(
                Path.of("..", "README.md"), "SecurityFilterChain api(HttpSecurity http)"),
            List.of(
                "dev.dzauth.spring.security",
                "org.springframework.context.annotation",
                "org.springframework.security.config",
                "org.springframework.security.config.annotation.web.builders",
                "org.springframework.security.config.http",
                "org.springframework.security.web"),
            "SecurityConfig",
            "@Configuration(proxyBeanMethods = false)",
            true)) {
      Method api =
          loader
              .loadClass("SecurityConfig")
              .getDeclaredMethod(
                  "api",
                  org.springframework.security.config.annotation.web.builders.HttpSecurity.class);
      assertThat(api.getReturnType()).isEqualTo(SecurityFilterChain.class);
      assertThat(api.isAnnotationPresent(Bean.class)).isTrue();
    }
  }
}
