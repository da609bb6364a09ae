package dev.dzauth.spring.boot.actuate;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeySetHolder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health indicator bean. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "dzAuthHealthIndicator")
  HealthIndicator dzAuthHealthIndicator(
      TokenStore store,
      KeySetHolder keys,
      ObjectProvider<StatusFeedPoller> poller,
      StatusCache statuses) {
    return new DzAuthHealthIndicator(store, keys, poller.getIfUnique(), statuses.maxStaleness());
  }
}
