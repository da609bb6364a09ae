package dev.dzauth.spring.boot;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.token.TokenVerifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/** The management API beans. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TokenApi dzAuthTokenApi(
      TokenService service,
      TokenVerifier verifier,
      HttpErrors errors,
      DzAuthProperties properties) {
    Integer leakReportsPerMinute = properties.getApi().getLeakReportsPerMinute();
    return TokenApi.create(
        service,
        verifier,
        errors,
        TokenApi.DEFAULT_MAX_BODY_BYTES,
        leakReportsPerMinute == null
            ? TokenApi.DEFAULT_LEAK_REPORTS_PER_MINUTE
            : leakReportsPerMinute);
  }

  @Bean
  @ConditionalOnMissingBean(name = "dzAuthApiRoutes")
  RouterFunction<ServerResponse> dzAuthApiRoutes(TokenApi api, DzAuthProperties properties) {
    return TokenApiRoutes.create(api, properties.getApi().getBasePath());
  }
}
