package dev.dzauth.spring.boot;

import dev.dzauth.http.HttpErrors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shared HTTP answers (docs/API.md, Errors), used by the Spring Security integration and the
 * API.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

  @Bean
  @ConditionalOnMissingBean
  HttpErrors dzAuthHttpErrors(DzAuthProperties properties) {
    return HttpErrors.create(properties.getRealm(), properties.getHttp().getRetryAfter());
  }
}
