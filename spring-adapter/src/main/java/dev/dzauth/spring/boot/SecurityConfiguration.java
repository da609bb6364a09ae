package dev.dzauth.spring.boot;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.spring.security.DzAccessDeniedHandler;
import dev.dzauth.spring.security.DzAuthenticationEntryPoint;
import dev.dzauth.spring.security.DzAuthenticationProvider;
import dev.dzauth.spring.security.DzTokenResolver;
import dev.dzauth.token.TokenVerifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collaborators {@code DzAuthConfigurer} takes from the context. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DzTokenResolver dzAuthTokenResolver() {
    return DzTokenResolver.bearer();
  }

  @Bean
  @ConditionalOnMissingBean
  DzAuthenticationProvider dzAuthAuthenticationProvider(
      TokenVerifier verifier,
      ObjectProvider<TokenService> service,
      ObjectProvider<DzAuthObserver> observers) {
    return new DzAuthenticationProvider(
        verifier, service.getIfUnique(), observers.orderedStream().toList());
  }

  @Bean
  @ConditionalOnMissingBean
  DzAuthenticationEntryPoint dzAuthAuthenticationEntryPoint(HttpErrors errors) {
    return new DzAuthenticationEntryPoint(errors);
  }

  @Bean
  @ConditionalOnMissingBean
  DzAccessDeniedHandler dzAuthAccessDeniedHandler(HttpErrors errors) {
    return new DzAccessDeniedHandler(errors);
  }
}
