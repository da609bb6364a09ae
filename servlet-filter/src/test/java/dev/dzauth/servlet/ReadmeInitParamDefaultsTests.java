package dev.dzauth.servlet;

import static dev.dzauth.testing.ReadmeTables.duration;
import static dev.dzauth.testing.ReadmeTables.number;
import static dev.dzauth.testing.ReadmeTables.unquote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dzauth.DzAuthException;
import dev.dzauth.assembly.DzAuth;
import dev.dzauth.assembly.VerifyOnly;
import dev.dzauth.lifecycle.BootstrapToken;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.statuslist.StatusListClient;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.testing.ReadmeTables;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's table of init-params against what a filter configured with only the required ones
 * actually uses: the defaults are read from the objects it built (the core builders' defaults,
 * which the init-params leave alone when unset), never from a second copy.
 */
final class ReadmeInitParamDefaultsTests {

  /** Rows whose default is not a value (required, none, derived from the keys). */
  private static final Set<String> NOT_A_VALUE =
      Set.of(
          "issuer",
          "key-set",
          "active-kid",
          "algorithms",
          "jdbc-user",
          "jdbc-password",
          "excluded-paths",
          "required-scopes",
          "bootstrap-subject",
          "bootstrap-business",
          "bootstrap-token-file",
          "status-list-base-uri",
          "verify-only-issuer",
          "verify-only-jwks-uri");

  @Test
  void everyDefaultInTheReadmeIsTheOneInEffect(@TempDir Path dir) throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KeySet.of(TestKeys.es256()).toJwkSetJson());
    InitParams.Resources resources =
        InitParams.configure(
            config(Map.of("issuer", "https://readme.test", "key-set", keys.toString())));
    InitParams.Resources withLists =
        InitParams.configure(
            config(
                Map.of(
                    "issuer",
                    "https://readme.test",
                    "key-set",
                    keys.toString(),
                    "status-list-base-uri",
                    "https://readme.test/statuslists")));
    InitParams.Resources verifyOnly =
        InitParams.configure(config(Map.of("verify-only-issuer", "https://readme.test")));
    try {
      DzAuth dz = (DzAuth) resources.closeables().peek();
      StatusListPublisher lists = ((DzAuth) withLists.closeables().peek()).statusLists();
      StatusListClient client = ((VerifyOnly) verifyOnly.closeables().peek()).client();
      DzAuthFilter.Settings settings = resources.settings();
      Map<String, String> readme =
          ReadmeTables.defaults(ReadmeTables.readme(), "| init-param | default | meaning |");
      Map<String, BiConsumer<String, String>> checks =
          Map.ofEntries(
              Map.entry(
                  "store",
                  (name, cell) -> {
                    assertThat(unquote(cell)).as(name).isEqualTo("memory");
                    assertThat(dz.store()).as(name).isInstanceOf(InMemoryTokenStore.class);
                  }),
              Map.entry(
                  "jdbc-create-schema",
                  (name, cell) ->
                      assertThat(unquote(cell))
                          .as(name)
                          .isEqualTo(String.valueOf(InitParams.JDBC_CREATE_SCHEMA_DEFAULT))),
              Map.entry(
                  "status-cache-size",
                  (name, cell) ->
                      assertThat(number(cell)).as(name).isEqualTo(dz.statuses().maximumSize())),
              Map.entry(
                  "status-refresh-after",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(dz.statuses().refreshAfter())),
              Map.entry(
                  "status-max-staleness",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(dz.statuses().maxStaleness())),
              Map.entry(
                  "status-store-timeout",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(dz.statuses().storeTimeout())),
              Map.entry(
                  "status-poll-interval",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(dz.poller().pollInterval())),
              Map.entry(
                  "status-max-lag",
                  (name, cell) -> {
                    assertThat(cell).as(name).isEqualTo("poll interval + 2 s");
                    assertThat(dz.poller().maxLag())
                        .as(name)
                        .isEqualTo(dz.poller().pollInterval().plusSeconds(2));
                  }),
              Map.entry(
                  "status-doorbell",
                  (name, cell) -> {
                    assertThat(unquote(cell)).as(name).isEqualTo("auto");
                    assertThat(dz.poller().lag().doorbell())
                        .as(name + " on a non-PostgreSQL store")
                        .isEqualTo(StatusFeedPoller.DoorbellState.NONE);
                  }),
              Map.entry(
                  "verified-cache-size",
                  (name, cell) ->
                      assertThat(number(cell))
                          .as(name)
                          .isEqualTo(dz.verifier().verifiedCacheSize())),
              Map.entry(
                  "verified-cache-max-age",
                  (name, cell) ->
                      assertThat(duration(cell))
                          .as(name)
                          .isEqualTo(dz.verifier().verifiedCacheMaxAge())),
              Map.entry(
                  "clock-skew",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(dz.verifier().clockSkew())),
              Map.entry(
                  "last-used-flush-interval",
                  (name, cell) ->
                      assertThat(duration(cell))
                          .as(name)
                          .isEqualTo(dz.service().lastUsedFlushInterval())),
              Map.entry(
                  "max-roll-grace-period",
                  (name, cell) ->
                      assertThat(duration(cell))
                          .as(name)
                          .isEqualTo(dz.service().maxRollGracePeriod())),
              Map.entry(
                  "events-retention",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(dz.events().retention())),
              Map.entry(
                  "events-expiry-warnings",
                  (name, cell) ->
                      assertThat(
                              java.util.Arrays.stream(cell.split(", "))
                                  .map(dev.dzauth.testing.ReadmeTables::duration)
                                  .toList())
                          .as(name)
                          .isEqualTo(dz.events().expiryWarnings())),
              Map.entry(
                  "events-lease",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(dz.events().lease())),
              Map.entry(
                  "events-poll-interval",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(dz.events().pollInterval())),
              Map.entry(
                  "realm",
                  (name, cell) ->
                      assertThat(unquote(cell)).as(name).isEqualTo(settings.errors().realm())),
              Map.entry(
                  "retry-after",
                  (name, cell) ->
                      assertThat(
                              settings
                                  .errors()
                                  .failure(
                                      DzAuthException.of(
                                          DzAuthException.Reason.STORE_UNAVAILABLE, "readme"))
                                  .headers())
                          .as(name)
                          .containsEntry("Retry-After", Long.toString(duration(cell).toSeconds()))),
              Map.entry(
                  "bootstrap-name",
                  (name, cell) ->
                      assertThat(unquote(cell)).as(name).isEqualTo(BootstrapToken.DEFAULT_NAME)),
              Map.entry(
                  "bootstrap-scopes",
                  (name, cell) ->
                      assertThat(Set.of(unquote(cell).split(" ")))
                          .as(name)
                          .isEqualTo(BootstrapToken.DEFAULT_SCOPES)),
              Map.entry(
                  "status-list-size",
                  (name, cell) ->
                      assertThat(number(cell)).as(name).isEqualTo(lists.index().listSize())),
              Map.entry(
                  "status-list-ttl",
                  (name, cell) -> assertThat(duration(cell)).as(name).isEqualTo(lists.ttl())),
              Map.entry(
                  "status-list-validity",
                  (name, cell) -> assertThat(duration(cell)).as(name).isEqualTo(lists.validity())),
              Map.entry(
                  "verify-only-min-ttl",
                  (name, cell) -> assertThat(duration(cell)).as(name).isEqualTo(client.minTtl())),
              Map.entry(
                  "verify-only-max-ttl",
                  (name, cell) -> assertThat(duration(cell)).as(name).isEqualTo(client.maxTtl())),
              Map.entry(
                  "verify-only-max-staleness",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(client.maxStaleness())),
              Map.entry(
                  "verify-only-request-timeout",
                  (name, cell) ->
                      assertThat(duration(cell)).as(name).isEqualTo(client.requestTimeout())),
              Map.entry(
                  "verify-only-allow-plain-http",
                  (name, cell) -> {
                    assertThat(unquote(cell)).as(name).isEqualTo("false");
                    assertThat(
                            catchThrowable(
                                () ->
                                    InitParams.configure(
                                        config(
                                            Map.of("verify-only-issuer", "http://example.com")))))
                        .as(name)
                        .hasMessageContaining("allowPlainHttp");
                  }),
              Map.entry(
                  "max-body-bytes",
                  (name, cell) ->
                      assertThat(number(cell)).as(name).isEqualTo(settings.api().maxBodyBytes())),
              Map.entry(
                  "leak-reports-per-minute",
                  (name, cell) ->
                      assertThat(number(cell))
                          .as(name)
                          .isEqualTo(settings.api().leakReportsPerMinute())));

      Set<String> unchecked = new HashSet<>(readme.keySet());
      unchecked.removeAll(NOT_A_VALUE);
      unchecked.removeAll(checks.keySet());
      assertThat(unchecked)
          .as("README rows this test does not check: check them or list them as no value")
          .isEmpty();
      assertThat(readme.keySet())
          .as("every documented init-param is known")
          .isSubsetOf(InitParams.KNOWN);
      assertThat(InitParams.KNOWN).as("every init-param is documented").isSubsetOf(readme.keySet());
      readme.forEach(
          (name, cell) -> {
            if (checks.containsKey(name)) {
              checks.get(name).accept(name, cell);
            }
          });
      assertThat(dz.verifier().allowedAlgorithms())
          .as("algorithms: those of the keys")
          .containsExactly(SignatureAlgorithm.ES256);
      assertThat(client.jwksUri().toString())
          .as("verify-only-jwks-uri")
          .isEqualTo("https://readme.test/.well-known/jwks.json");
      assertThat(dz.statusLists()).as("status lists are off by default").isNull();
    } finally {
      resources.close();
      withLists.close();
      verifyOnly.close();
    }
  }

  private static FilterConfig config(Map<String, String> params) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "readme";
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException("no servlet context in this test");
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }
}
