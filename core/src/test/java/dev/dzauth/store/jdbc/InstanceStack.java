package dev.dzauth.store.jdbc;

import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/** One service instance: store, status cache, verifier, lifecycle service and feed poller. */
final class InstanceStack implements AutoCloseable {

  final JdbcTokenStore store;
  final StatusCache statuses;
  final TokenVerifier verifier;
  final TokenService service;
  final StatusFeedPoller poller;

  InstanceStack(
      DataSource dataSource,
      KeySetHolder ring,
      LongSupplier ticker,
      Duration refreshAfter,
      Duration maxStaleness)
      throws SQLException {
    this(dataSource, ring, ticker, refreshAfter, maxStaleness, p -> {});
  }

  /** An instance whose poller is configured further by {@code poller}. */
  InstanceStack(
      DataSource dataSource,
      KeySetHolder ring,
      LongSupplier ticker,
      Duration refreshAfter,
      Duration maxStaleness,
      java.util.function.Consumer<StatusFeedPoller.Builder> pollerOptions)
      throws SQLException {
    store = JdbcTokenStore.builder(dataSource).queryTimeout(Duration.ofSeconds(2)).build();
    statuses =
        StatusCache.builder(store)
            .ticker(ticker)
            .refreshAfter(refreshAfter)
            .maxStaleness(maxStaleness)
            .build();
    verifier = TokenVerifier.builder("https://issuer.test", ring, statuses).build();
    service =
        TokenService.builder(
                TokenMinter.builder("https://issuer.test", ring).build(), store, statuses)
            .build();
    StatusFeedPoller.Builder pb = StatusFeedPoller.builder(store, statuses);
    pollerOptions.accept(pb);
    poller = pb.build();
  }

  @Override
  public void close() {
    poller.close();
    service.close();
    statuses.close();
  }
}
