package dev.dzauth.spring.boot.actuate;

import dev.dzauth.lifecycle.StatusFeedPoller;
import dev.dzauth.spring.boot.DzAuthAutoConfiguration;
import dev.dzauth.spring.boot.DzAuthProperties;
import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeyRing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code dzAuth} health indicator, when Spring Boot's health support is present
 * ({@code management.health.dzauth.enabled=false} turns it off).
 */
@AutoConfiguration(after = DzAuthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({TokenStore.class, KeyRing.class})
@ConditionalOnEnabledHealthIndicator("dzauth")
public class DzAuthHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "dzAuthHealthIndicator")
  HealthIndicator dzAuthHealthIndicator(
      TokenStore store, KeyRing keys, ObjectProvider<StatusFeedPoller> poller, DzAuthProperties properties) {
    return new DzAuthHealthIndicator(
        store, keys, poller.getIfUnique(), properties.getStore().getFeedMaxLag());
  }
}
