package dev.dzauth.spring.boot;

import dev.dzauth.http.HttpErrors;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared HTTP answers (API.md §3), used by the Spring Security integration and the API. */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

  /** Seconds a client is told to wait before retrying a 503. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  @Bean
  @ConditionalOnMissingBean
  HttpErrors dzAuthHttpErrors(DzAuthProperties properties) {
    return HttpErrors.create(properties.getRealm(), RETRY_AFTER);
  }
}
