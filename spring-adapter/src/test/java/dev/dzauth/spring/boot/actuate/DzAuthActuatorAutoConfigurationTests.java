package dev.dzauth.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.spring.boot.DzAuthAutoConfiguration;
import dev.dzauth.store.TokenStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Health and metrics auto-configuration, with and without Actuator and Micrometer. */
final class DzAuthActuatorAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DzAuthAutoConfiguration.class,
                  DzAuthHealthAutoConfiguration.class,
                  DzAuthMetricsAutoConfiguration.class))
          .withPropertyValues("dz.auth.issuer=https://auth.test");

  @Test
  void healthIndicatorUpWithStoreAndSigningKey() {
    runner.run(
        context -> {
          Health health =
              context.getBean("dzAuthHealthIndicator", HealthIndicator.class).health(true);
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("store", "reachable")
              .containsEntry("algorithm", "ES256");
        });
  }

  @Test
  void healthIndicatorDownWhenStoreThrows() {
    TokenStore down =
        (TokenStore)
            java.lang.reflect.Proxy.newProxyInstance(
                TokenStore.class.getClassLoader(),
                new Class<?>[] {TokenStore.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "close" -> null;
                      case "toString" -> "down store";
                      case "hashCode" -> 0;
                      case "equals" -> proxy == args[0];
                      default -> throw new java.sql.SQLException("down");
                    });
    runner
        .withBean(TokenStore.class, () -> down)
        .run(
            context -> {
              Health health =
                  context.getBean("dzAuthHealthIndicator", HealthIndicator.class).health(true);
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            });
  }

  @Test
  void healthIndicatorCanBeDisabled() {
    runner
        .withPropertyValues("management.health.dzauth.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("dzAuthHealthIndicator"));
  }

  @Test
  void withoutActuatorThenNoHealthIndicator() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("dzAuthHealthIndicator");
            });
  }

  @Test
  void metricsBindAndCount() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(DzAuthMetrics.class);
          MeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(DzAuthMetrics.class).bindTo(registry);
          DzAuthObserver observer = context.getBean(DzAuthMetrics.class);
          observer.verification(null, 1000);
          observer.verification(dev.dzauth.DzAuthException.Reason.EXPIRED, 1000);
          observer.storeCall("status", 2000, true);
          assertThat(
                  registry.get("dz.auth.verifications").tag("outcome", "success").counter().count())
              .isEqualTo(1.0);
          assertThat(
                  registry.get("dz.auth.verifications").tag("outcome", "expired").counter().count())
              .isEqualTo(1.0);
          assertThat(registry.get("dz.auth.store.calls").tag("operation", "status").timer().count())
              .isEqualTo(1);
          assertThat(registry.get("dz.auth.cache.status.hit.ratio").gauge().value())
              .isBetween(0.0, 1.0);
          assertThat(
                  registry
                      .get("dz.auth.cache.gets")
                      .tags("cache", "verified", "result", "hit")
                      .functionCounter())
              .isNotNull();
        });
  }

  @Test
  void withoutMicrometerThenNoMetrics() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DzAuthMetrics.class);
            });
  }
}
