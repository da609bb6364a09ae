package dev.dzauth.spring.boot.actuate;

import dev.dzauth.lifecycle.StatusFeedPoller;
import dev.dzauth.spring.boot.DzAuthAutoConfiguration;
import dev.dzauth.status.StatusCache;
import dev.dzauth.token.TokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of dz-auth (verifications by outcome, cache hit ratios, store call latency),
 * when Micrometer is present. The meters bind to every {@code MeterRegistry} Boot configures.
 */
@AutoConfiguration(before = DzAuthAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public class DzAuthMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DzAuthMetrics dzAuthMetrics(
      ObjectProvider<TokenVerifier> verifier,
      ObjectProvider<StatusCache> statuses,
      ObjectProvider<StatusFeedPoller> poller) {
    return new DzAuthMetrics(verifier, statuses, poller);
  }
}
