package dev.dzauth.spring.boot.actuate;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.token.TokenVerifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Micrometer binder bean. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DzAuthMetrics dzAuthMetrics(
      ObjectProvider<TokenVerifier> verifier,
      ObjectProvider<StatusCache> statuses,
      ObjectProvider<StatusFeedPoller> poller) {
    return new DzAuthMetrics(verifier, statuses, poller);
  }
}
