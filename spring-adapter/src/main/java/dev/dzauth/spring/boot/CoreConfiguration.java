package dev.dzauth.spring.boot;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.lifecycle.TokenEventListener;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.status.OwnerLiveness;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.status.StatusListIndex;
import dev.dzauth.store.InMemoryStatusListIndex;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcStatusListIndex;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.store.jdbc.PostgresDoorbell;
import dev.dzauth.store.redis.RedisDoorbell;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Core's objects: the one assembly {@link DzAuth}, built from {@link DzAuthProperties}, the {@link
 * KeySetHolder} and the {@link TokenStore} beans (each replaceable), closed by the container with
 * its {@code close()}; and beans exposing its parts. A part bean of the application's wins for
 * injection; the assembly's own parts are still the ones it closes. An application bean of type
 * {@link OwnerLiveness} is the verifier's owner-liveness hook; the application's {@link
 * TokenEventListener} beans receive the lifecycle events (see {@link EventListeners}). To replace
 * the status cache or the poller, define a {@code DzAuth} bean. With {@code
 * dz.auth.status-lists.base-uri}, a {@link StatusListIndex} bean is the index of the status lists
 * (needed for a store other than the JDBC and in-memory ones).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(VerifyOnlyMode.Off.class)
class CoreConfiguration {

  @Bean
  @ConditionalOnMissingBean
  KeySetHolder dzAuthKeyRing(DzAuthProperties properties) {
    return KeySetHolder.of(Keys.load(properties.getKeys()));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  DzAuth dzAuth(
      DzAuthProperties properties,
      KeySetHolder keys,
      TokenStore store,
      ObjectProvider<DzAuthObserver> observers,
      ObjectProvider<OwnerLiveness> ownerLiveness,
      ObjectProvider<TokenEventListener> eventListeners,
      ObjectProvider<StatusListIndex> statusListIndex) {
    List<DzAuthObserver> all = observers.orderedStream().toList();
    DzAuthProperties.Store s = properties.getStore();
    DzAuth.Builder assembly =
        DzAuth.builder(Objects.requireNonNull(properties.getIssuer(), "dz.auth.issuer"), keys)
            .store(ObservedTokenStore.wrap(store, all));
    StatusListIndex index = statusListIndex.getIfUnique();
    if (index == null && properties.getStatusLists().getBaseUri() != null) {
      index = defaultIndex(store, properties); // of the store itself, not its observing wrapper
    }
    if (index != null) {
      assembly.statusListIndex(index);
    }
    switch (s.getDoorbell()) {
      // The default rule, on the store itself: the observing wrapper is not a JdbcTokenStore.
      case AUTO -> assembly.doorbell(PostgresDoorbell.auto(store));
      case NONE -> assembly.doorbell(null);
      case REDIS ->
          assembly.doorbell(
              RedisDoorbell.builder(Objects.requireNonNull(s.getDoorbellRedisUrl())).build());
    }
    List<TokenEventListener> listeners = eventListeners.orderedStream().toList();
    if (!listeners.isEmpty()) {
      assembly.eventListener(EventListeners.of(listeners));
    }
    OwnerLiveness hook = ownerLiveness.getIfAvailable();
    if (hook != null) {
      assembly.verifier(v -> v.ownerLiveness(hook));
    }
    try {
      return CoreProperties.apply(properties, assembly).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CoreProperties.named(e);
    }
  }

  /**
   * The index beside the JDBC or in-memory store (null for another store: the assembly then says a
   * {@code StatusListIndex} bean is needed).
   */
  private static @Nullable StatusListIndex defaultIndex(TokenStore store, DzAuthProperties p) {
    Integer size = p.getStatusLists().getSize();
    int listSize = size == null ? StatusListIndex.DEFAULT_LIST_SIZE : size;
    try {
      if (store instanceof JdbcTokenStore jdbc) {
        return JdbcStatusListIndex.builder(jdbc)
            .listSize(listSize)
            .createSchemaIfMissing(p.getStore().isCreateSchema())
            .build();
      }
      if (store instanceof InMemoryTokenStore) {
        return new InMemoryStatusListIndex(listSize);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException("dz.auth.status-lists.size: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "dz.auth.status-lists: the status list tables cannot be created: " + e.getMessage(), e);
    }
    return null;
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  TokenMinter dzAuthTokenMinter(DzAuth dz) {
    return dz.minter();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  StatusCache dzAuthStatusCache(DzAuth dz) {
    return dz.statuses();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  TokenVerifier dzAuthTokenVerifier(DzAuth dz) {
    return dz.verifier();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  TokenService dzAuthTokenService(DzAuth dz) {
    return dz.service();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  StatusFeedPoller dzAuthStatusFeedPoller(DzAuth dz) {
    return dz.poller();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "dz.auth.status-lists", name = "base-uri")
  StatusListPublisher dzAuthStatusListPublisher(DzAuth dz) {
    return Objects.requireNonNull(dz.statusLists(), "dz.auth.status-lists.base-uri");
  }
}
