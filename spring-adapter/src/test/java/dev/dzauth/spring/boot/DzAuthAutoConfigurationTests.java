package dev.dzauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.OwnerLiveness;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The core auto-configuration: beans, back-off, property binding and start-up validation. */
@ExtendWith(OutputCaptureExtension.class)
final class DzAuthAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DzAuthAutoConfiguration.class))
          .withPropertyValues("dz.auth.issuer=https://auth.test");

  @Test
  void createsCoreBeansWithInMemoryStoreAndWarns(CapturedOutput output) {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context)
              .hasSingleBean(KeySetHolder.class)
              .hasSingleBean(TokenMinter.class)
              .hasSingleBean(StatusCache.class)
              .hasSingleBean(TokenVerifier.class)
              .hasSingleBean(TokenService.class);
          assertThat(context.getBean(TokenStore.class)).isInstanceOf(InMemoryTokenStore.class);
          assertThat(
                  context
                      .getBean(KeySetHolder.class)
                      .current()
                      .activeKey()
                      .orElseThrow()
                      .algorithm())
              .isEqualTo(SignatureAlgorithm.ES256);
          assertThat(context.getBean(TokenVerifier.class).issuer()).isEqualTo("https://auth.test");
        });
    assertThat(output)
        .contains("in-memory token store")
        .contains("Not for production")
        .contains("dz.auth.keys.location is not set");
  }

  @Test
  void maxRollGracePeriodReachesTheServiceAndBoundsARoll() {
    runner
        .withPropertyValues("dz.auth.lifecycle.max-roll-grace-period=1h")
        .run(
            context -> {
              TokenService service = context.getBean(TokenService.class);
              assertThat(service.maxRollGracePeriod()).isEqualTo(Duration.ofHours(1));
              Caller alice = new Caller("alice", "b-1", java.util.Set.of("tokens:write"));
              String id = service.create(alice, CreateTokenRequest.named("r")).record().id();
              assertThatThrownBy(() -> service.roll(alice, id, Duration.ofSeconds(3601)))
                  .isInstanceOfSatisfying(
                      DzAuthException.class,
                      e -> {
                        assertThat(e.reason()).isEqualTo(DzAuthException.Reason.INVALID_REQUEST);
                        assertThat(e.violations().get(0).context()).containsEntry("le", 3600L);
                      });
              assertThat(service.roll(alice, id, Duration.ofHours(1)).previous().rolledTo())
                  .isNotNull();
            });
  }

  @Test
  void theEventsPropertiesReachTheOutbox() {
    runner
        .withPropertyValues(
            "dz.auth.events.retention=30d",
            "dz.auth.events.expiry-warnings=14d,12h",
            "dz.auth.events.lease=2m",
            "dz.auth.events.poll-interval=250ms")
        .run(
            context -> {
              var events = context.getBean(dev.dzauth.assembly.DzAuth.class).events();
              assertThat(events.retention()).isEqualTo(Duration.ofDays(30));
              assertThat(events.expiryWarnings())
                  .containsExactly(Duration.ofDays(14), Duration.ofHours(12));
              assertThat(events.lease()).isEqualTo(Duration.ofMinutes(2));
              assertThat(events.pollInterval()).isEqualTo(Duration.ofMillis(250));
              assertThat(events.hasListener()).isFalse();
            });
    runner
        .withPropertyValues("dz.auth.events.expiry-warnings=")
        .run(
            context ->
                assertThat(
                        context.getBean(dev.dzauth.assembly.DzAuth.class).events().expiryWarnings())
                    .as("empty: no expiry warnings")
                    .isEmpty());
  }

  @Test
  void tokenEventListenerBeansReceiveTheEventsAfterCommit() {
    java.util.concurrent.BlockingQueue<dev.dzauth.store.TokenEvent> first =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.BlockingQueue<dev.dzauth.store.TokenEvent> second =
        new java.util.concurrent.LinkedBlockingQueue<>();
    runner
        .withPropertyValues("dz.auth.events.poll-interval=50ms")
        .withBean("firstListener", dev.dzauth.lifecycle.TokenEventListener.class, () -> first::add)
        .withBean(
            "secondListener", dev.dzauth.lifecycle.TokenEventListener.class, () -> second::add)
        .run(
            context -> {
              assertThat(context.getBean(dev.dzauth.assembly.DzAuth.class).events().hasListener())
                  .isTrue();
              TokenService service = context.getBean(TokenService.class);
              Caller alice =
                  new Caller("alice", "b-1", java.util.Set.of("tokens:write"))
                      .from("198.51.100.4", "listener-test/1");
              String id = service.create(alice, CreateTokenRequest.named("heard")).record().id();
              service.revoke(alice, id, "done");
              for (var queue : java.util.List.of(first, second)) {
                // Bounded waits: the outbox polls every 50 ms.
                var created = queue.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                var revoked = queue.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(created).isNotNull();
                assertThat(revoked).isNotNull();
                assertThat(created.type()).isEqualTo(dev.dzauth.store.TokenEvent.Type.CREATED);
                assertThat(revoked.type()).isEqualTo(dev.dzauth.store.TokenEvent.Type.REVOKED);
                assertThat(revoked.tokenId()).isEqualTo(id);
                assertThat(revoked.actor()).isEqualTo("alice");
                assertThat(revoked.reason()).isEqualTo("done");
                assertThat(revoked.clientIp()).isEqualTo("198.51.100.4");
                assertThat(revoked.userAgent()).isEqualTo("listener-test/1");
              }
            });
  }

  @Test
  void anOwnerLivenessBeanIsTheVerifiersHook() {
    runner
        .withBean(OwnerLiveness.class, () -> (subject, business) -> !subject.equals("mallory"))
        .run(
            context -> {
              TokenService service = context.getBean(TokenService.class);
              TokenVerifier verifier = context.getBean(TokenVerifier.class);
              java.util.Set<String> scopes = java.util.Set.of("tokens:read");
              String alice =
                  service
                      .create(new Caller("alice", "b-1", scopes), CreateTokenRequest.named("a"))
                      .token();
              String mallory =
                  service
                      .create(new Caller("mallory", "b-1", scopes), CreateTokenRequest.named("m"))
                      .token();
              assertThat(verifier.verify(alice).subject()).isEqualTo("alice");
              assertThatThrownBy(() -> verifier.verify(mallory))
                  .isInstanceOfSatisfying(
                      DzAuthException.class,
                      e -> assertThat(e.reason()).isEqualTo(DzAuthException.Reason.OWNER_INACTIVE));
            });
  }

  @Test
  void withoutAnOwnerLivenessBeanEveryOwnerIsLive() {
    runner.run(
        context -> {
          String token =
              context
                  .getBean(TokenService.class)
                  .create(
                      new Caller("mallory", "b-1", java.util.Set.of("tokens:read")),
                      CreateTokenRequest.named("m"))
                  .token();
          assertThat(context.getBean(TokenVerifier.class).verify(token).subject())
              .isEqualTo("mallory");
        });
  }

  @Test
  void withoutDataSourceClassThenInMemoryStore() {
    runner
        .withClassLoader(new FilteredClassLoader(DataSource.class))
        .run(
            context ->
                assertThat(context.getBean(TokenStore.class))
                    .isInstanceOf(InMemoryTokenStore.class));
  }

  @Test
  void userBeansWin() {
    TokenStore store = new InMemoryTokenStore();
    KeySetHolder ring =
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.EdDSA, "mine")));
    runner
        .withBean(TokenStore.class, () -> store)
        .withBean(KeySetHolder.class, () -> ring)
        .run(
            context -> {
              assertThat(context.getBean(TokenStore.class)).isSameAs(store);
              assertThat(context.getBean(KeySetHolder.class)).isSameAs(ring);
              assertThat(context.getBean(TokenVerifier.class).keys()).isSameAs(ring);
              assertThat(context).doesNotHaveBean(InMemoryTokenStore.class.getName());
            });
  }

  @Test
  void userVerifierAndServiceWin() {
    runner
        .withUserConfiguration(UserCore.class)
        .run(
            context -> {
              assertThat(context)
                  .getBean("myVerifier")
                  .isSameAs(context.getBean(TokenVerifier.class));
              assertThat(context)
                  .getBean("myService")
                  .isSameAs(context.getBean(TokenService.class));
            });
  }

  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class UserCore {
    @org.springframework.context.annotation.Bean
    TokenVerifier myVerifier(KeySetHolder keys, StatusCache statuses) {
      return TokenVerifier.builder("https://mine", keys, statuses).build();
    }

    @org.springframework.context.annotation.Bean(destroyMethod = "close")
    TokenService myService(TokenMinter minter, TokenStore store, StatusCache statuses) {
      return TokenService.builder(minter, store, statuses).build();
    }
  }

  @Test
  void propertiesBind() {
    runner
        .withPropertyValues(
            "dz.auth.realm=api",
            "dz.auth.clock-skew=10s",
            "dz.auth.required-scopes=a,b",
            "dz.auth.cache.verified.size=5",
            "dz.auth.cache.verified.max-age=10m",
            "dz.auth.cache.status.size=7",
            "dz.auth.cache.status.refresh-after=1s",
            "dz.auth.cache.status.max-staleness=2m",
            "dz.auth.cache.status.store-timeout=500ms",
            "dz.auth.policy.allow-never-expiring=false",
            "dz.auth.policy.max-days=90",
            "dz.auth.api.enabled=true",
            "dz.auth.api.base-path=/auth/v1",
            "dz.auth.keys.allowed-algorithms=ES256,EdDSA")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DzAuthProperties p = context.getBean(DzAuthProperties.class);
              assertThat(p.getRealm()).isEqualTo("api");
              assertThat(p.getClockSkew()).isEqualTo(Duration.ofSeconds(10));
              assertThat(p.getRequiredScopes()).containsExactly("a", "b");
              assertThat(p.getCache().getVerified().getSize()).isEqualTo(5);
              assertThat(p.getCache().getVerified().getMaxAge()).isEqualTo(Duration.ofMinutes(10));
              assertThat(p.getCache().getStatus().getSize()).isEqualTo(7);
              assertThat(p.getCache().getStatus().getRefreshAfter())
                  .isEqualTo(Duration.ofSeconds(1));
              assertThat(p.getCache().getStatus().getMaxStaleness())
                  .isEqualTo(Duration.ofMinutes(2));
              assertThat(p.getCache().getStatus().getStoreTimeout())
                  .isEqualTo(Duration.ofMillis(500));
              assertThat(p.getPolicy().getAllowNeverExpiring()).isFalse();
              assertThat(p.getPolicy().getMaxDays()).isEqualTo(90);
              assertThat(p.getApi().isEnabled()).isTrue();
              assertThat(p.getApi().getBasePath()).isEqualTo("/auth/v1");
              assertThat(p.getKeys().getAllowedAlgorithms())
                  .containsExactlyInAnyOrder(SignatureAlgorithm.ES256, SignatureAlgorithm.EdDSA);
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dz.auth.clock-skew=10m                                 | dz.auth.clock-skew",
        "dz.auth.clock-skew=soon                                | dz.auth.clock-skew",
        "dz.auth.cache.status.max-staleness=1s                  |"
            + " dz.auth.cache.status.max-staleness",
        "dz.auth.cache.status.store-timeout=0s                  |"
            + " dz.auth.cache.status.store-timeout",
        "dz.auth.cache.status.size=0                            | dz.auth.cache.status.size",
        "dz.auth.cache.verified.size=-1                         | dz.auth.cache.verified.size",
        "dz.auth.cache.verified.max-age=-1s                     | dz.auth.cache.verified.max-age",
        "dz.auth.policy.max-days=0                              | dz.auth.policy.max-days",
        "dz.auth.policy.max-days=366                            | dz.auth.policy.max-days",
        "dz.auth.api.base-path=api/                             | dz.auth.api.base-path",
        "dz.auth.realm=a\"b                                     | dz.auth.realm",
        "dz.auth.keys.location=file:/nonexistent/keys.json      | dz.auth.keys.location",
        "dz.auth.keys.allowed-algorithms=none                   | dz.auth.keys.allowed-algorithms",
        "dz.auth.last-used-flush-interval=0s                    | dz.auth.last-used-flush-interval",
        "dz.auth.issuer=                                        | dz.auth.issuer",
        "dz.auth.store.table-prefix=drop table;                 | dz.auth.store.table-prefix",
        "dz.auth.store.query-timeout=0s                         | dz.auth.store.query-timeout",
        "dz.auth.store.feed-poll-interval=-1s                   | dz.auth.store.feed-poll-interval",
        "dz.auth.lifecycle.max-roll-grace-period=-1s            |"
            + " dz.auth.lifecycle.max-roll-grace-period",
        "dz.auth.events.retention=0s                            | dz.auth.events.retention",
        "dz.auth.events.expiry-warnings=7d,0s                   | dz.auth.events.expiry-warnings",
        "dz.auth.events.lease=-1s                               | dz.auth.events.lease",
        "dz.auth.events.poll-interval=0s                        | dz.auth.events.poll-interval",
        "dz.auth.api.leak-reports-per-minute=0                  |"
            + " dz.auth.api.leak-reports-per-minute",
        "dz.auth.api.leak-reports-per-minute=10001              |"
            + " dz.auth.api.leak-reports-per-minute",
        "dz.auth.api.leak-reports-per-minute=often              |"
            + " dz.auth.api.leak-reports-per-minute",
      })
  void badValueFailsStartUpNamingTheProperty(String property, String name) {
    runner
        .withPropertyValues(property)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(messages(context.getStartupFailure())).contains(name);
            });
  }

  @Test
  void missingIssuerFailsStartUp() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DzAuthAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(messages(context.getStartupFailure())).contains("dz.auth.issuer");
            });
  }

  @Test
  void keysFromJwkSetFile(@TempDir Path dir) throws Exception {
    KeySet set =
        KeySet.of(
            TokenKey.generate(SignatureAlgorithm.EdDSA, "k2"),
            TokenKey.generate(SignatureAlgorithm.ES256, "k1"));
    Path file = dir.resolve("keys.json");
    Files.writeString(file, set.toJwkSetJson());
    runner
        .withPropertyValues("dz.auth.keys.location=file:" + file, "dz.auth.keys.active-kid=k1")
        .run(
            context -> {
              KeySet loaded = context.getBean(KeySetHolder.class).current();
              assertThat(loaded.activeKey().orElseThrow().id()).isEqualTo("k1");
              assertThat(loaded.keys()).hasSize(2);
            });
  }

  @Test
  void keysFromClasspathPem() {
    runner
        .withPropertyValues(
            "dz.auth.keys.location=classpath:keys/es256.pem", "dz.auth.keys.active-kid=pem-1")
        .run(
            context -> {
              TokenKey key =
                  context.getBean(KeySetHolder.class).current().activeKey().orElseThrow();
              assertThat(key.id()).isEqualTo("pem-1");
              assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.ES256);
            });
  }

  @Test
  void unreadableKeysFailStartUpNamingTheProperty(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys.json");
    Files.writeString(file, "{\"keys\": 3}");
    runner
        .withPropertyValues("dz.auth.keys.location=file:" + file)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(messages(context.getStartupFailure())).contains("dz.auth.keys.location");
            });
  }

  static String messages(Throwable failure) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append('\n');
    }
    return b.toString();
  }
}
