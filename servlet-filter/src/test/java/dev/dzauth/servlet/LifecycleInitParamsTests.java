package dev.dzauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.http.ApiRequest;
import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max-roll-grace-period} reaches the token service, and so the roll route's 422; the {@code
 * events-*} init-params reach the events' outbox, a refused value named by its init-param.
 */
final class LifecycleInitParamsTests {

  @TempDir Path dir;
  private final Map<String, String> params = new HashMap<>();

  @BeforeEach
  void keys() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KeySet.of(TestKeys.es256()).toJwkSetJson());
    params.put("issuer", "https://lifecycle.test");
    params.put("key-set", keys.toString());
  }

  @Test
  void maxRollGracePeriodBoundsTheGraceARollMayGive() throws Exception {
    params.put("max-roll-grace-period", "1h");
    InitParams.Resources resources = InitParams.configure(config());
    try {
      DzAuth dz = (DzAuth) resources.closeables().peek();
      assertThat(dz.service().maxRollGracePeriod()).isEqualTo(Duration.ofHours(1));
      TokenApi api = resources.settings().api();
      CreatedToken created =
          dz.service()
              .create(
                  new Caller("ops", "acme", Set.of(TokenApi.WRITE_SCOPE)),
                  CreateTokenRequest.named("rolled"));
      VerifiedToken caller = dz.verifier().verify(created.token());
      String path = TokenApi.TOKENS_PATH + "/" + created.record().id() + "/roll";

      ApiResponse tooLong = api.handle(post(path, "{\"grace_period_seconds\":3601}", caller));
      assertThat(tooLong.status()).isEqualTo(422);
      assertThat(new String(tooLong.body(), StandardCharsets.UTF_8))
          .isEqualTo(
              "{\"detail\":[{\"type\":\"less_than_equal\",\"loc\":[\"body\",\"grace_period_seconds\"],\"msg\":\"Input"
                  + " should be less than or equal to 3600\",\"input\":3601,"
                  + "\"ctx\":{\"le\":3600}}]}");
      assertThat(api.handle(post(path, "{\"grace_period_seconds\":3600}", caller)).status())
          .isEqualTo(201);
    } finally {
      resources.close();
    }
  }

  @Test
  void unsetMaxRollGracePeriodIsTheServiceDefault() throws Exception {
    InitParams.Resources resources = InitParams.configure(config());
    try {
      DzAuth dz = (DzAuth) resources.closeables().peek();
      assertThat(dz.service().maxRollGracePeriod())
          .isEqualTo(dev.dzauth.lifecycle.TokenService.DEFAULT_MAX_ROLL_GRACE_PERIOD);
    } finally {
      resources.close();
    }
  }

  @Test
  void theEventsInitParamsReachTheOutbox() throws Exception {
    params.put("events-retention", "30d");
    params.put("events-expiry-warnings", "14d, 3d 12h");
    params.put("events-lease", "2m");
    params.put("events-poll-interval", "250ms");
    InitParams.Resources resources = InitParams.configure(config());
    try {
      DzAuth dz = (DzAuth) resources.closeables().peek();
      assertThat(dz.events().retention()).isEqualTo(Duration.ofDays(30));
      assertThat(dz.events().expiryWarnings())
          .containsExactly(Duration.ofDays(14), Duration.ofDays(3), Duration.ofHours(12));
      assertThat(dz.events().lease()).isEqualTo(Duration.ofMinutes(2));
      assertThat(dz.events().pollInterval()).isEqualTo(Duration.ofMillis(250));
      assertThat(dz.events().hasListener()).as("a listener is code-only").isFalse();
    } finally {
      resources.close();
    }
  }

  @Test
  void noExpiryWarningsIsNone() throws Exception {
    params.put("events-expiry-warnings", "none");
    InitParams.Resources resources = InitParams.configure(config());
    try {
      assertThat(((DzAuth) resources.closeables().peek()).events().expiryWarnings()).isEmpty();
    } finally {
      resources.close();
    }
  }

  @Test
  void aRefusedEventsValueNamesItsInitParam() {
    for (String[] bad :
        new String[][] {
          {"events-retention", "0s", "retention must be a positive duration"},
          {"events-poll-interval", "0s", "pollInterval must be a positive duration"},
          {"events-lease", "soon", "is not a duration"},
          {"events-expiry-warnings", "7d, 0s", "expiry warning lead time must be"},
        }) {
      params.put(bad[0], bad[1]);
      try {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InitParams.configure(config()))
            .as(bad[0])
            .isInstanceOf(jakarta.servlet.ServletException.class)
            .hasMessageStartingWith("dz-auth init-param '" + bad[0] + "': ")
            .hasMessageContaining(bad[2]);
      } finally {
        params.remove(bad[0]);
      }
    }
  }

  private static ApiRequest post(String path, String body, VerifiedToken caller) {
    return new ApiRequest("POST", path, Map.of(), body.getBytes(StandardCharsets.UTF_8), caller);
  }

  private FilterConfig config() {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "lifecycle";
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
