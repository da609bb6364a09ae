package dev.dzauth.sample.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.JavaSnippets;
import dev.dzauth.testing.JavaSnippets.Snippet;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The README's "Testing your application" snippets, pasted into this sample: they compile, and the
 * {@code @WebMvcTest} one runs and passes against the sample's controller.
 */
class ReadmeTestingSnippetTests {

  private static final Path README = Path.of("..", "..", "README.md");
  private static final List<String> IMPORTS =
      List.of(
          "package dev.dzauth.sample.boot",
          "dev.dzauth.test",
          "dev.dzauth.test.security",
          "static dev.dzauth.test.security.DzAuthRequestPostProcessors.*",
          "static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.*",
          "static org.springframework.test.web.servlet.result.MockMvcResultMatchers.*",
          "static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.*",
          "org.junit.jupiter.api",
          "org.junit.jupiter.api.extension",
          "org.springframework.beans.factory.annotation",
          "org.springframework.boot.test.context",
          "org.springframework.boot.webmvc.test.autoconfigure",
          "org.springframework.context.annotation",
          "org.springframework.test.web.servlet");

  @Test
  void theWebMvcTestWithAMockPrincipalRunsAndPasses() throws Exception {
    try (URLClassLoader loader =
        JavaSnippets.compile(
            JavaSnippets.containing(README, "class OrdersTests"),
            IMPORTS,
            "OrdersTests",
            "",
            false)) {
      SummaryGeneratingListener summary = new SummaryGeneratingListener();
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader); // Spring's test context loads the class by name
      try {
        LauncherFactory.create()
            .execute(
                LauncherDiscoveryRequestBuilder.request()
                    .selectors(
                        DiscoverySelectors.selectClass(
                            loader.loadClass("dev.dzauth.sample.boot.OrdersTests")))
                    .build(),
                summary);
      } finally {
        thread.setContextClassLoader(previous);
      }
      assertThat(summary.getSummary().getTestsFoundCount()).isEqualTo(1);
      assertThat(summary.getSummary().getTestsSucceededCount())
          .as("%s", summary.getSummary().getFailures())
          .isEqualTo(1);
    }
  }

  @Test
  void thePostProcessorLinesCompileInsideATest() throws Exception {
    Snippet lines = JavaSnippets.containing(README, "with(dzToken().subject(\"bob\")");
    Snippet inATest =
        new Snippet(
            lines.line(),
            "@Autowired MockMvc mvc; DzAuthTestTokens tokens;\n"
                + "void run() throws Exception {\n"
                + lines.code()
                + "\n}");
    JavaSnippets.compile(inATest, IMPORTS, "PostProcessorLines", "", true).close();
  }

  @Test
  void theTokenHelperClassesCompile() throws Exception {
    JavaSnippets.compile(
            JavaSnippets.containing(README, "class OrdersIT"), IMPORTS, "OrdersIT", "", false)
        .close();
  }
}
