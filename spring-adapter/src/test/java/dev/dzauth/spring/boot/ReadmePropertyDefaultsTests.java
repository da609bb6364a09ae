package dev.dzauth.spring.boot;

import static dev.dzauth.testing.ReadmeTables.duration;
import static dev.dzauth.testing.ReadmeTables.number;
import static dev.dzauth.testing.ReadmeTables.unquote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException;
import dev.dzauth.assembly.DzAuth;
import dev.dzauth.assembly.VerifyOnly;
import dev.dzauth.http.HttpErrors;
import dev.dzauth.lifecycle.BootstrapToken;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.statuslist.StatusListClient;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.ReadmeTables;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The README's table of {@code dz.auth.*} properties against what the starter actually uses when
 * only {@code dz.auth.issuer} (and a DataSource, for the JDBC store's rows) is set: each default is
 * read from the beans built (core's builders' defaults, which the properties leave alone when
 * unset) or from the property object, never from a second copy.
 */
final class ReadmePropertyDefaultsTests {

  /** Rows whose default is not a value (required, derived, none). */
  private static final Set<String> NOT_A_VALUE =
      Set.of(
          "dz.auth.issuer",
          "dz.auth.keys.location",
          "dz.auth.keys.active-kid",
          "dz.auth.keys.allowed-algorithms",
          "dz.auth.store.doorbell-redis-url",
          "dz.auth.required-scopes",
          "dz.auth.public-paths",
          "dz.auth.bootstrap.subject",
          "dz.auth.bootstrap.business",
          "dz.auth.bootstrap.token-file",
          "dz.auth.status-lists.base-uri",
          "dz.auth.verify-only.issuer");

  @Test
  void everyDefaultInTheReadmeIsTheOneInEffect() {
    AtomicReference<StatusListPublisher> lists = new AtomicReference<>();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DzAuthAutoConfiguration.class))
        .withPropertyValues(
            "dz.auth.issuer=https://readme.test",
            "dz.auth.status-lists.base-uri=https://readme.test/statuslists")
        .run(context -> lists.set(context.getBean(StatusListPublisher.class)));
    AtomicReference<StatusListClient> client = new AtomicReference<>();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DzAuthAutoConfiguration.class))
        .withPropertyValues("dz.auth.verify-only.issuer=https://readme.test")
        .run(context -> client.set(context.getBean(VerifyOnly.class).client()));
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(DataSourceAutoConfiguration.class, DzAuthAutoConfiguration.class))
        .withPropertyValues(
            "dz.auth.issuer=https://readme.test",
            "spring.datasource.url=jdbc:h2:mem:dzauth-readme;DB_CLOSE_DELAY=-1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DzAuth dz = context.getBean(DzAuth.class);
              JdbcTokenStore store = context.getBean(JdbcTokenStore.class);
              DzAuthProperties p = context.getBean(DzAuthProperties.class);
              Map<String, String> readme =
                  ReadmeTables.defaults(
                      ReadmeTables.readme(), "| property | default | what it is |");
              Map<String, BiConsumer<String, String>> checks =
                  Map.ofEntries(
                      Map.entry(
                          "dz.auth.bootstrap.name",
                          (n, c) ->
                              assertThat(unquote(c)).as(n).isEqualTo(p.getBootstrap().getName())),
                      Map.entry(
                          "dz.auth.bootstrap.scopes",
                          (n, c) ->
                              assertThat(Set.of(unquote(c).split(", ")))
                                  .as(n)
                                  .isEqualTo(p.getBootstrap().getScopes())
                                  .isEqualTo(BootstrapToken.DEFAULT_SCOPES)),
                      Map.entry(
                          "dz.auth.clock-skew",
                          (n, c) ->
                              assertThat(duration(c)).as(n).isEqualTo(dz.verifier().clockSkew())),
                      Map.entry(
                          "dz.auth.cache.verified.size",
                          (n, c) ->
                              assertThat(number(c))
                                  .as(n)
                                  .isEqualTo(dz.verifier().verifiedCacheSize())),
                      Map.entry(
                          "dz.auth.cache.verified.max-age",
                          (n, c) ->
                              assertThat(duration(c))
                                  .as(n)
                                  .isEqualTo(dz.verifier().verifiedCacheMaxAge())),
                      Map.entry(
                          "dz.auth.cache.status.size",
                          (n, c) ->
                              assertThat(number(c)).as(n).isEqualTo(dz.statuses().maximumSize())),
                      Map.entry(
                          "dz.auth.cache.status.refresh-after",
                          (n, c) ->
                              assertThat(duration(c))
                                  .as(n)
                                  .isEqualTo(dz.statuses().refreshAfter())),
                      Map.entry(
                          "dz.auth.cache.status.max-staleness",
                          (n, c) ->
                              assertThat(duration(c))
                                  .as(n)
                                  .isEqualTo(dz.statuses().maxStaleness())),
                      Map.entry(
                          "dz.auth.cache.status.store-timeout",
                          (n, c) ->
                              assertThat(duration(c))
                                  .as(n)
                                  .isEqualTo(dz.statuses().storeTimeout())),
                      Map.entry(
                          "dz.auth.policy.allow-never-expiring",
                          (n, c) ->
                              assertThat(Boolean.parseBoolean(unquote(c)))
                                  .as(n)
                                  .isEqualTo(dz.service().policy().allowNeverExpiring())),
                      Map.entry(
                          "dz.auth.policy.max-days",
                          (n, c) ->
                              assertThat(number(c))
                                  .as(n)
                                  .isEqualTo(dz.service().policy().maxExpiresInDays())),
                      Map.entry(
                          "dz.auth.last-used-flush-interval",
                          (n, c) ->
                              assertThat(duration(c))
                                  .as(n)
                                  .isEqualTo(dz.service().lastUsedFlushInterval())),
                      Map.entry(
                          "dz.auth.lifecycle.max-roll-grace-period",
                          (n, c) ->
                              assertThat(duration(c))
                                  .as(n)
                                  .isEqualTo(dz.service().maxRollGracePeriod())),
                      Map.entry(
                          "dz.auth.events.retention",
                          (n, c) ->
                              assertThat(duration(c)).as(n).isEqualTo(dz.events().retention())),
                      Map.entry(
                          "dz.auth.events.expiry-warnings",
                          (n, c) ->
                              assertThat(
                                      java.util.Arrays.stream(c.split(", "))
                                          .map(ReadmeTables::duration)
                                          .toList())
                                  .as(n)
                                  .isEqualTo(dz.events().expiryWarnings())),
                      Map.entry(
                          "dz.auth.events.lease",
                          (n, c) -> assertThat(duration(c)).as(n).isEqualTo(dz.events().lease())),
                      Map.entry(
                          "dz.auth.events.poll-interval",
                          (n, c) ->
                              assertThat(duration(c)).as(n).isEqualTo(dz.events().pollInterval())),
                      Map.entry(
                          "dz.auth.store.table-prefix",
                          (n, c) -> assertThat(unquote(c)).as(n).isEqualTo(store.tablePrefix())),
                      Map.entry(
                          "dz.auth.store.create-schema",
                          (n, c) ->
                              assertThat(Boolean.parseBoolean(unquote(c)))
                                  .as(n)
                                  .isEqualTo(p.getStore().isCreateSchema())),
                      Map.entry(
                          "dz.auth.store.query-timeout",
                          (n, c) -> assertThat(duration(c)).as(n).isEqualTo(store.queryTimeout())),
                      Map.entry(
                          "dz.auth.store.feed-poll-interval",
                          (n, c) ->
                              assertThat(duration(c)).as(n).isEqualTo(dz.poller().pollInterval())),
                      Map.entry(
                          "dz.auth.store.feed-max-lag",
                          (n, c) -> {
                            assertThat(c).as(n).isEqualTo("poll interval + 2 s");
                            assertThat(dz.poller().maxLag())
                                .as(n)
                                .isEqualTo(dz.poller().pollInterval().plusSeconds(2));
                          }),
                      Map.entry(
                          "dz.auth.store.doorbell",
                          (n, c) -> {
                            assertThat(unquote(c))
                                .as(n)
                                .isEqualTo(
                                    p.getStore()
                                        .getDoorbell()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT));
                            assertThat(dz.poller().lag().doorbell())
                                .as(n + " on H2")
                                .isEqualTo(StatusFeedPoller.DoorbellState.NONE);
                          }),
                      Map.entry(
                          "dz.auth.realm",
                          (n, c) ->
                              assertThat(unquote(c))
                                  .as(n)
                                  .isEqualTo(context.getBean(HttpErrors.class).realm())),
                      Map.entry(
                          "dz.auth.http.retry-after",
                          (n, c) ->
                              assertThat(
                                      context
                                          .getBean(HttpErrors.class)
                                          .failure(
                                              DzAuthException.of(
                                                  DzAuthException.Reason.STORE_UNAVAILABLE,
                                                  "readme"))
                                          .headers())
                                  .as(n)
                                  .containsEntry(
                                      "Retry-After", Long.toString(duration(c).toSeconds()))),
                      Map.entry(
                          "dz.auth.api.enabled",
                          (n, c) ->
                              assertThat(Boolean.parseBoolean(unquote(c)))
                                  .as(n)
                                  .isEqualTo(p.getApi().isEnabled())),
                      Map.entry(
                          "dz.auth.status-lists.size",
                          (n, c) ->
                              assertThat(number(c))
                                  .as(n)
                                  .isEqualTo(lists.get().index().listSize())),
                      Map.entry(
                          "dz.auth.status-lists.ttl",
                          (n, c) -> assertThat(duration(c)).as(n).isEqualTo(lists.get().ttl())),
                      Map.entry(
                          "dz.auth.status-lists.validity",
                          (n, c) ->
                              assertThat(duration(c)).as(n).isEqualTo(lists.get().validity())),
                      Map.entry(
                          "dz.auth.verify-only.jwks-uri",
                          (n, c) ->
                              assertThat(client.get().jwksUri().toString())
                                  .as(n)
                                  .isEqualTo("https://readme.test/.well-known/jwks.json")),
                      Map.entry(
                          "dz.auth.verify-only.min-ttl",
                          (n, c) -> assertThat(duration(c)).as(n).isEqualTo(client.get().minTtl())),
                      Map.entry(
                          "dz.auth.verify-only.max-ttl",
                          (n, c) -> assertThat(duration(c)).as(n).isEqualTo(client.get().maxTtl())),
                      Map.entry(
                          "dz.auth.verify-only.max-staleness",
                          (n, c) ->
                              assertThat(duration(c)).as(n).isEqualTo(client.get().maxStaleness())),
                      Map.entry(
                          "dz.auth.verify-only.request-timeout",
                          (n, c) ->
                              assertThat(duration(c))
                                  .as(n)
                                  .isEqualTo(client.get().requestTimeout())),
                      Map.entry(
                          "dz.auth.verify-only.allow-plain-http",
                          (n, c) ->
                              assertThat(Boolean.parseBoolean(unquote(c)))
                                  .as(n)
                                  .isEqualTo(p.getVerifyOnly().isAllowPlainHttp())
                                  .isFalse()),
                      Map.entry(
                          "dz.auth.api.base-path",
                          (n, c) ->
                              assertThat(unquote(c)).as(n).isEqualTo(p.getApi().getBasePath())),
                      Map.entry(
                          "dz.auth.api.leak-reports-per-minute",
                          (n, c) ->
                              // The API bean as the starter makes it (the API is off here).
                              assertThat(number(c))
                                  .as(n)
                                  .isEqualTo(
                                      new ApiConfiguration()
                                          .dzAuthTokenApi(
                                              dz.service(),
                                              dz.verifier(),
                                              context.getBean(HttpErrors.class),
                                              p)
                                          .leakReportsPerMinute())));

              Set<String> unchecked = new HashSet<>(readme.keySet());
              unchecked.removeAll(NOT_A_VALUE);
              unchecked.removeAll(checks.keySet());
              assertThat(unchecked)
                  .as("README rows this test does not check: check them or list them as no value")
                  .isEmpty();
              readme.forEach(
                  (name, cell) -> {
                    if (checks.containsKey(name)) {
                      checks.get(name).accept(name, cell);
                    }
                  });
              assertThat(readme.get("dz.auth.public-paths"))
                  .as("public paths: the property's own list")
                  .contains(List.of("/actuator/health/**", "/error").toArray(String[]::new));
              assertThat(p.getPublicPaths())
                  .contains("/.well-known/jwks.json", "/actuator/health/**", "/error");
            });
  }
}
