package dev.dzauth.spring.boot;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.assembly.VerifyOnly;
import dev.dzauth.lifecycle.BootstrapToken;
import dev.dzauth.lifecycle.TokenPolicy;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Translates {@link DzAuthProperties} into core's builders: a property that is not set leaves the
 * builder's default, so every default and limit is core's, written once. A builder's failure names
 * its option first ({@code maxStaleness (PT1S) must be …}); {@link #named} reports it with the
 * property's name.
 */
final class CoreProperties {

  /** The core builder option each property sets. */
  private static final Map<String, String> PROPERTY_OF_OPTION =
      Map.ofEntries(
          Map.entry("issuer", "dz.auth.issuer"),
          Map.entry("allowedAlgorithms", "dz.auth.keys.allowed-algorithms"),
          Map.entry("clockSkew", "dz.auth.clock-skew"),
          Map.entry("verifiedCacheSize", "dz.auth.cache.verified.size"),
          Map.entry("verifiedCacheMaxAge", "dz.auth.cache.verified.max-age"),
          Map.entry("maximumSize", "dz.auth.cache.status.size"),
          Map.entry("refreshAfter", "dz.auth.cache.status.refresh-after"),
          Map.entry("maxStaleness", "dz.auth.cache.status.max-staleness"),
          Map.entry("storeTimeout", "dz.auth.cache.status.store-timeout"),
          Map.entry("maxExpiresInDays", "dz.auth.policy.max-days"),
          Map.entry("lastUsedFlushInterval", "dz.auth.last-used-flush-interval"),
          Map.entry("maxRollGracePeriod", "dz.auth.lifecycle.max-roll-grace-period"),
          Map.entry("tablePrefix", "dz.auth.store.table-prefix"),
          Map.entry("queryTimeout", "dz.auth.store.query-timeout"),
          Map.entry("pollInterval", "dz.auth.store.feed-poll-interval"),
          Map.entry("maxLag", "dz.auth.store.feed-max-lag"),
          Map.entry("bootstrap", "dz.auth.bootstrap"),
          Map.entry("statusLists", "dz.auth.status-lists.base-uri"),
          Map.entry("statusListBaseUri", "dz.auth.status-lists.base-uri"),
          Map.entry("listSize", "dz.auth.status-lists.size"),
          Map.entry("ttl", "dz.auth.status-lists.ttl"),
          Map.entry("validity", "dz.auth.status-lists.validity"));

  /** As {@link #PROPERTY_OF_OPTION}, for a verify-only service. */
  private static final Map<String, String> VERIFY_ONLY_PROPERTY_OF_OPTION =
      Map.ofEntries(
          Map.entry("issuer", "dz.auth.verify-only.issuer"),
          Map.entry("jwksUri", "dz.auth.verify-only.jwks-uri"),
          Map.entry("minTtl", "dz.auth.verify-only.min-ttl"),
          Map.entry("maxTtl", "dz.auth.verify-only.max-ttl"),
          Map.entry("maxStaleness", "dz.auth.verify-only.max-staleness"),
          Map.entry("requestTimeout", "dz.auth.verify-only.request-timeout"),
          Map.entry("allowPlainHttp", "dz.auth.verify-only.allow-plain-http"),
          Map.entry("allowedAlgorithms", "dz.auth.keys.allowed-algorithms"),
          Map.entry("clockSkew", "dz.auth.clock-skew"),
          Map.entry("verifiedCacheSize", "dz.auth.cache.verified.size"),
          Map.entry("verifiedCacheMaxAge", "dz.auth.cache.verified.max-age"));

  private CoreProperties() {}

  /** Sets on {@code assembly} what the properties set, and nothing else. */
  static DzAuth.Builder apply(DzAuthProperties p, DzAuth.Builder assembly) {
    DzAuthProperties.Status status = p.getCache().getStatus();
    DzAuthProperties.Verified verified = p.getCache().getVerified();
    DzAuthProperties.Policy policy = p.getPolicy();
    DzAuthProperties.Store store = p.getStore();
    DzAuthProperties.Bootstrap bootstrap = p.getBootstrap();
    if (bootstrap.requested()) {
      assembly.bootstrap(
          new BootstrapToken(
              Objects.requireNonNull(bootstrap.getSubject(), "dz.auth.bootstrap.subject"),
              Objects.requireNonNull(bootstrap.getBusiness(), "dz.auth.bootstrap.business"),
              bootstrap.getName(),
              bootstrap.getScopes(),
              Objects.requireNonNull(bootstrap.getTokenFile(), "dz.auth.bootstrap.token-file")));
    }
    DzAuthProperties.StatusLists lists = p.getStatusLists();
    String listBase = lists.getBaseUri();
    if (listBase != null && !listBase.isBlank()) {
      assembly
          .statusLists(listBase)
          .statusListCreateSchema(store.isCreateSchema())
          .statusLists(
              l -> {
                set(lists.getTtl(), l::ttl);
                set(lists.getValidity(), l::validity);
              });
      set(lists.getSize(), assembly::statusListSize);
    }
    return assembly
        .statusCache(
            c -> {
              set(status.getSize(), c::maximumSize);
              set(status.getRefreshAfter(), c::refreshAfter);
              set(status.getMaxStaleness(), c::maxStaleness);
              set(status.getStoreTimeout(), c::storeTimeout);
            })
        .verifier(
            v -> {
              if (!p.getKeys().getAllowedAlgorithms().isEmpty()) {
                v.allowedAlgorithms(p.getKeys().getAllowedAlgorithms());
              }
              set(p.getClockSkew(), v::clockSkew);
              set(verified.getSize(), v::verifiedCacheSize);
              set(verified.getMaxAge(), v::verifiedCacheMaxAge);
            })
        .service(
            s -> {
              if (policy.getAllowNeverExpiring() != null || policy.getMaxDays() != null) {
                TokenPolicy defaults = TokenPolicy.defaults();
                s.policy(
                    new TokenPolicy(
                        policy.getAllowNeverExpiring() != null
                            ? policy.getAllowNeverExpiring()
                            : defaults.allowNeverExpiring(),
                        policy.getMaxDays() != null
                            ? policy.getMaxDays()
                            : defaults.maxExpiresInDays()));
              }
              set(p.getLastUsedFlushInterval(), s::lastUsedFlushInterval);
              set(p.getLifecycle().getMaxRollGracePeriod(), s::maxRollGracePeriod);
            })
        .poller(
            b -> {
              set(store.getFeedPollInterval(), b::pollInterval);
              set(store.getFeedMaxLag(), b::maxLag);
            })
        .events(
            e -> {
              // Set under the property's own name: the outbox's option names (pollInterval,
              // retention) are other parts' too.
              DzAuthProperties.Events events = p.getEvents();
              setAs("dz.auth.events.retention", events.getRetention(), e::retention);
              setAs(
                  "dz.auth.events.expiry-warnings", events.getExpiryWarnings(), e::expiryWarnings);
              setAs("dz.auth.events.lease", events.getLease(), e::lease);
              setAs("dz.auth.events.poll-interval", events.getPollInterval(), e::pollInterval);
            });
  }

  /** A core builder's refusal of the value of {@code property}. */
  private static final class PropertyFailure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    final String property;

    PropertyFailure(String property, IllegalArgumentException cause) {
      super(cause.getMessage(), cause);
      this.property = property;
    }
  }

  private static <T> void setAs(String property, @Nullable T value, Consumer<T> setter) {
    if (value != null) {
      try {
        setter.accept(value);
      } catch (IllegalArgumentException e) {
        throw new PropertyFailure(property, e);
      }
    }
  }

  /**
   * The verify-only assembly of {@code dz.auth.verify-only.*}: the issuer URL, the client's options
   * the properties set, and the verifier's ({@code dz.auth.issuer} as the expected {@code iss} when
   * set).
   *
   * @throws InvalidPropertyException naming the property of a bad option
   */
  static VerifyOnly verifyOnly(DzAuthProperties p) {
    DzAuthProperties.VerifyOnly v = p.getVerifyOnly();
    DzAuthProperties.Verified verified = p.getCache().getVerified();
    try {
      VerifyOnly.Builder b = VerifyOnly.builder(Objects.requireNonNull(v.getIssuer()));
      String issuer = p.getIssuer();
      if (issuer != null && !issuer.isBlank()) {
        b.issuer(issuer);
      }
      return b.client(
              c -> {
                set(v.getJwksUri(), c::jwksUri);
                set(v.getMinTtl(), c::minTtl);
                set(v.getMaxTtl(), c::maxTtl);
                set(v.getMaxStaleness(), c::maxStaleness);
                set(v.getRequestTimeout(), c::requestTimeout);
                c.allowPlainHttp(v.isAllowPlainHttp());
              })
          .verifier(
              t -> {
                if (!p.getKeys().getAllowedAlgorithms().isEmpty()) {
                  t.allowedAlgorithms(p.getKeys().getAllowedAlgorithms());
                }
                set(p.getClockSkew(), t::clockSkew);
                set(verified.getSize(), t::verifiedCacheSize);
                set(verified.getMaxAge(), t::verifiedCacheMaxAge);
              })
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String message = String.valueOf(e.getMessage());
      String property = VERIFY_ONLY_PROPERTY_OF_OPTION.get(message.split("[ (]", 2)[0]);
      throw new InvalidPropertyException(
          (property != null ? property : "dz.auth.verify-only.issuer") + ": " + message, e);
    }
  }

  /** Sets on {@code builder} the JDBC store's options the properties set. */
  static JdbcTokenStore.Builder jdbcStore(
      DzAuthProperties.Store s, JdbcTokenStore.Builder builder) {
    set(s.getTablePrefix(), builder::tablePrefix);
    set(s.getQueryTimeout(), builder::queryTimeout);
    return builder.createSchemaIfMissing(s.isCreateSchema());
  }

  /**
   * What the JDBC store's builder says of the store properties, or {@code null} when it takes them:
   * checked at binding time, before any store is built.
   */
  static @Nullable String jdbcStoreProblem(DzAuthProperties.Store s) {
    try {
      jdbcStore(s, JdbcTokenStore.builder(NoDataSource.INSTANCE));
      return null;
    } catch (IllegalArgumentException e) {
      return named(e).getMessage();
    }
  }

  /** {@code failure} as a start-up failure whose message begins with the property's name. */
  static InvalidPropertyException named(RuntimeException failure) {
    String message = String.valueOf(failure.getMessage());
    String property =
        failure instanceof PropertyFailure f
            ? f.property
            : PROPERTY_OF_OPTION.get(message.split("[ (]", 2)[0]);
    return new InvalidPropertyException(
        (property != null ? property : "dz.auth") + ": " + message, failure);
  }

  private static <T> void set(@Nullable T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  /** A {@code DataSource} never asked for a connection: the builder only checks its options. */
  private static final class NoDataSource implements DataSource {
    static final NoDataSource INSTANCE = new NoDataSource();

    @Override
    public Connection getConnection() throws SQLException {
      throw new SQLException("no connection: options check only");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
