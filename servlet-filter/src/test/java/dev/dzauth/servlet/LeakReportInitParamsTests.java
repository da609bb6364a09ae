package dev.dzauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.http.ApiRequest;
import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leak-reports-per-minute} reaches the leak route's rate limit; bad values are named. */
final class LeakReportInitParamsTests {

  @TempDir Path dir;
  private final Map<String, String> params = new HashMap<>();

  @BeforeEach
  void keys() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KeySet.of(TestKeys.es256()).toJwkSetJson());
    params.put("issuer", "https://leaks.test");
    params.put("key-set", keys.toString());
  }

  @Test
  void theRateIsTheLeakRoutesLimit() throws Exception {
    params.put("leak-reports-per-minute", "2");
    InitParams.Resources resources = InitParams.configure(config());
    try {
      DzAuth dz = (DzAuth) resources.closeables().peek();
      TokenApi api = resources.settings().api();
      assertThat(api.leakReportsPerMinute()).isEqualTo(2);
      VerifiedToken reporter =
          dz.verifier()
              .verify(
                  dz.service()
                      .create(
                          new Caller("scanner", "acme", Set.of(TokenApi.REPORT_LEAKS_SCOPE)),
                          CreateTokenRequest.named("scanner"))
                      .token());
      byte[] body = "{\"tokens\":[\"dz_x\"]}".getBytes(StandardCharsets.UTF_8);
      ApiRequest report = new ApiRequest("POST", TokenApi.LEAKS_PATH, Map.of(), body, reporter);
      assertThat(api.handle(report).status()).isEqualTo(200);
      assertThat(api.handle(report).status()).isEqualTo(200);
      ApiResponse limited = api.handle(report);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.headers()).containsEntry("Retry-After", "30");
    } finally {
      resources.close();
    }
  }

  @Test
  void unsetIsTheDefault() throws Exception {
    InitParams.Resources resources = InitParams.configure(config());
    try {
      assertThat(resources.settings().api().leakReportsPerMinute())
          .isEqualTo(TokenApi.DEFAULT_LEAK_REPORTS_PER_MINUTE);
    } finally {
      resources.close();
    }
  }

  @Test
  void aValueOutOfRangeOrNotANumberFailsNamingTheInitParam() {
    for (String bad : new String[] {"0", "10001", "99999999999", "-1"}) {
      params.put("leak-reports-per-minute", bad);
      assertThatThrownBy(() -> InitParams.configure(config()))
          .as(bad)
          .isInstanceOf(ServletException.class)
          .hasMessageStartingWith("dz-auth init-param 'leak-reports-per-minute': ")
          .hasMessageContaining("1 to 10000");
    }
    params.put("leak-reports-per-minute", "ten");
    assertThatThrownBy(() -> InitParams.configure(config()))
        .isInstanceOf(ServletException.class)
        .hasMessage("dz-auth init-param 'leak-reports-per-minute': 'ten' is not a whole number");
  }

  private FilterConfig config() {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "leaks";
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
