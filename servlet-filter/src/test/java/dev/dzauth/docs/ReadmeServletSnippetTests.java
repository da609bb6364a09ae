package dev.dzauth.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.testing.JavaSnippets;
import dev.dzauth.testing.JavaSnippets.Given;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/** The README's servlet snippet compiles and runs as pasted. */
class ReadmeServletSnippetTests {

  @Test
  void theFilterInCode() throws Exception {
    try (DzAuth dz =
        DzAuth.builder("https://auth.example.com", KeySet.of(TestKeys.es256())).build()) {
      ServletContextHandler context = new ServletContextHandler();
      List<String> imports = new ArrayList<>(JavaSnippets.coreImports());
      imports.addAll(
          List.of("dev.dzauth.servlet", "jakarta.servlet", "org.eclipse.jetty.ee11.servlet"));
      JavaSnippets.run(
          JavaSnippets.containing(Path.of("..", "README.md"), "DzAuthFilter.builder(verifier)"),
          imports,
          List.of(
              new Given("dev.dzauth.token.TokenVerifier", "verifier", dz.verifier()),
              new Given("dev.dzauth.lifecycle.TokenService", "service", dz.service()),
              new Given(ServletContextHandler.class.getName(), "context", context)));
      assertThat(context.getServletHandler().getFilters())
          .anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(DzAuthFilter.class.getName()));
      assertThat(context.getServletHandler().getServlets()).hasSize(1);
    }
  }
}
