package dev.dzauth.spring.boot;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.token.KeySetHolder;
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
  TokenApi dzAuthTokenApi(TokenService service, KeySetHolder keys, HttpErrors errors) {
    return TokenApi.create(service, keys, errors, TokenApi.DEFAULT_MAX_BODY_BYTES);
  }

  @Bean
  @ConditionalOnMissingBean(name = "dzAuthApiRoutes")
  RouterFunction<ServerResponse> dzAuthApiRoutes(TokenApi api, DzAuthProperties properties) {
    return TokenApiRoutes.create(api, properties.getApi().getBasePath());
  }
}
