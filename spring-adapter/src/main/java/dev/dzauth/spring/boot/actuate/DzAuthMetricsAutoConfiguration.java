package dev.dzauth.spring.boot.actuate;

import dev.dzauth.spring.boot.DzAuthAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

/**
 * Micrometer meters of dz-auth (verifications by outcome, cache hit ratios, store call latency),
 * when Micrometer is present. The meters bind to every {@code MeterRegistry} Boot configures.
 */
@AutoConfiguration(before = DzAuthAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@Import(MetricsConfiguration.class)
public class DzAuthMetricsAutoConfiguration {}
