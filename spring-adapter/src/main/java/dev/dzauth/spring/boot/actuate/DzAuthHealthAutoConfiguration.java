package dev.dzauth.spring.boot.actuate;

import dev.dzauth.spring.boot.DzAuthAutoConfiguration;
import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeySetHolder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Import;

/**
 * The {@code dzAuth} health indicator, when Spring Boot's health support is present ({@code
 * management.health.dzauth.enabled=false} turns it off).
 */
@AutoConfiguration(after = DzAuthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({TokenStore.class, KeySetHolder.class})
@ConditionalOnEnabledHealthIndicator("dzauth")
@Import(HealthConfiguration.class)
public class DzAuthHealthAutoConfiguration {}
