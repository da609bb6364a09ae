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

/** {@code max-roll-grace-period} reaches the token service, and so the roll route's 422. */
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
