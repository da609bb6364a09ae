package dev.dzauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.assembly.VerifyOnly;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's two new modes: status lists at the issuer, and a verify-only service. */
final class VerifyOnlyAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DzAuthAutoConfiguration.class));

  @Test
  void aVerifyOnlyServiceHasAVerifierAndNoStoreKeysNorAssembly() {
    runner
        .withPropertyValues(
            "dz.auth.verify-only.issuer=https://auth.example.com",
            "dz.auth.verify-only.max-staleness=1m",
            "dz.auth.cache.verified.size=5")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(VerifyOnly.class);
              TokenVerifier v = context.getBean(TokenVerifier.class);
              assertThat(v.isVerifyOnly()).isTrue();
              assertThat(v.issuer()).isEqualTo("https://auth.example.com");
              assertThat(v.verifiedCacheSize()).isEqualTo(5);
              assertThat(context.getBean(VerifyOnly.class).client().maxStaleness())
                  .isEqualTo(Duration.ofMinutes(1));
              assertThat(context)
                  .doesNotHaveBean(TokenStore.class)
                  .doesNotHaveBean(KeySetHolder.class)
                  .doesNotHaveBean(DzAuth.class)
                  .doesNotHaveBean(TokenMinter.class);
            });
  }

  @Test
  void aVerifyOnlyServiceRefusesTheApiAndStatusListsAndNamesABadOption() {
    runner
        .withPropertyValues(
            "dz.auth.verify-only.issuer=https://a.example", "dz.auth.api.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("dz.auth.api.enabled does not apply"));
    runner
        .withPropertyValues(
            "dz.auth.verify-only.issuer=https://a.example", "dz.auth.verify-only.min-ttl=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("minTtl must be between"));
    runner
        .withPropertyValues("dz.auth.verify-only.issuer=http://a.example")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("allowPlainHttp"));
  }

  @Test
  void statusListsAreOnWithABaseUriOnly() {
    runner
        .withPropertyValues("dz.auth.issuer=https://a.example")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(StatusListPublisher.class);
              assertThat(context.getBean(DzAuth.class).minter().hasStatusLists()).isFalse();
            });
    runner
        .withPropertyValues(
            "dz.auth.issuer=https://a.example",
            "dz.auth.status-lists.base-uri=https://a.example/statuslists",
            "dz.auth.status-lists.size=1000",
            "dz.auth.status-lists.ttl=30s")
        .run(
            context -> {
              StatusListPublisher p = context.getBean(StatusListPublisher.class);
              assertThat(p.ttl()).isEqualTo(Duration.ofSeconds(30));
              assertThat(p.index().listSize()).isEqualTo(1000);
              assertThat(p.uri(1)).isEqualTo("https://a.example/statuslists/1");
              assertThat(context.getBean(DzAuth.class).minter().hasStatusLists()).isTrue();
            });
    runner
        .withPropertyValues(
            "dz.auth.issuer=https://a.example",
            "dz.auth.status-lists.base-uri=https://a.example/statuslists",
            "dz.auth.status-lists.ttl=0s")
        .run(
            context ->
                assertThat(context).getFailure().hasMessageContaining("dz.auth.status-lists.ttl"));
  }
}
