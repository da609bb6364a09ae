package dev.dzauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bootstrap-*} init-params translate into the assembly's bootstrap, and only that. */
final class BootstrapInitParamsTests {

  @TempDir Path dir;
  private final Map<String, String> params = new HashMap<>();

  @BeforeEach
  void keys() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KeySet.of(TestKeys.es256()).toJwkSetJson());
    params.put("issuer", "https://boot.test");
    params.put("key-set", keys.toString());
  }

  @Test
  void bootstrapParamsWhenSetThenTheFirstTokenIsInTheFile() throws Exception {
    Path file = dir.resolve("admin.token");
    params.put("bootstrap-subject", "ops@example.test");
    params.put("bootstrap-business", "acme");
    params.put("bootstrap-scopes", "tokens:read, tokens:write reports:read");
    params.put("bootstrap-token-file", file.toString());

    InitParams.Resources resources = InitParams.configure(config());
    try {
      DzAuth dz = (DzAuth) resources.closeables().peek();
      VerifiedToken token = dz.verifier().verify(Files.readString(file).strip());
      assertThat(token.subject()).isEqualTo("ops@example.test");
      assertThat(token.businessId()).isEqualTo("acme");
      assertThat(token.scopes())
          .containsExactlyInAnyOrder("tokens:read", "tokens:write", "reports:read");
      assertThat(dz.store().findById(token.tokenId()).orElseThrow().name()).isEqualTo("bootstrap");
    } finally {
      resources.close();
    }
  }

  @Test
  void bootstrapParamsWhenOneOfTheThreeIsMissingThenInitFailsNamingIt() {
    params.put("bootstrap-subject", "ops@example.test");
    params.put("bootstrap-token-file", dir.resolve("t").toString());

    assertThatThrownBy(() -> InitParams.configure(config()))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("'bootstrap-business' is required");
  }

  @Test
  void bootstrapParamsWhenTheFileExistsThenInitFailsAndTheFileStays() throws Exception {
    Path file = dir.resolve("taken");
    Files.writeString(file, "mine");
    params.put("bootstrap-subject", "ops@example.test");
    params.put("bootstrap-business", "acme");
    params.put("bootstrap-token-file", file.toString());

    assertThatThrownBy(() -> InitParams.configure(config()))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("bootstrap-*")
        .hasMessageContaining("never overwrites");
    assertThat(Files.readString(file)).isEqualTo("mine");
  }

  @Test
  void bootstrapParamsWhenAScopeIsInvalidThenInitFails() {
    params.put("bootstrap-subject", "ops@example.test");
    params.put("bootstrap-business", "acme");
    params.put("bootstrap-scopes", "tokens:read \"quoted\"");
    params.put("bootstrap-token-file", dir.resolve("t").toString());

    assertThatThrownBy(() -> InitParams.configure(config()))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("bootstrap");
    assertThat(dir.resolve("t")).doesNotExist();
  }

  private FilterConfig config() {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "boot";
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException("no servlet context in this test");
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }
}
