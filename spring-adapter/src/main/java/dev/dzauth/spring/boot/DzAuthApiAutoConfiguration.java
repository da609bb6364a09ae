package dev.dzauth.spring.boot;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.token.KeyRing;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The token-management API of API.md §2 ({@code dz.auth.api.enabled=true}), served by Spring MVC
 * through the shared {@link TokenApi}: the same JSON, errors and pagination as the servlet version.
 */
@AutoConfiguration(after = DzAuthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({TokenApi.class, RouterFunction.class})
@ConditionalOnProperty(prefix = "dz.auth.api", name = "enabled", havingValue = "true")
@ConditionalOnBean(TokenService.class)
public class DzAuthApiAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TokenApi dzAuthTokenApi(TokenService service, KeyRing keys, HttpErrors errors) {
    return TokenApi.create(service, keys, errors, TokenApi.DEFAULT_MAX_BODY_BYTES);
  }

  @Bean
  @ConditionalOnMissingBean(name = "dzAuthApiRoutes")
  RouterFunction<ServerResponse> dzAuthApiRoutes(TokenApi api, DzAuthProperties properties) {
    return TokenApiRoutes.create(api, properties.getApi().getBasePath());
  }
}
