package dev.dzauth.spring.boot;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.lifecycle.TokenEventListener;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.status.OwnerLiveness;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.PostgresDoorbell;
import dev.dzauth.store.redis.RedisDoorbell;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Core's objects: the one assembly {@link DzAuth}, built from {@link DzAuthProperties}, the {@link
 * KeySetHolder} and the {@link TokenStore} beans (each replaceable), closed by the container with
 * its {@code close()}; and beans exposing its parts. A part bean of the application's wins for
 * injection; the assembly's own parts are still the ones it closes. An application bean of type
 * {@link OwnerLiveness} is the verifier's owner-liveness hook; the application's {@link
 * TokenEventListener} beans receive the lifecycle events (see {@link EventListeners}). To replace
 * the status cache or the poller, define a {@code DzAuth} bean.
 */
@Configuration(proxyBeanMethods = false)
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
      ObjectProvider<TokenEventListener> eventListeners) {
    List<DzAuthObserver> all = observers.orderedStream().toList();
    DzAuthProperties.Store s = properties.getStore();
    DzAuth.Builder assembly =
        DzAuth.builder(Objects.requireNonNull(properties.getIssuer(), "dz.auth.issuer"), keys)
            .store(ObservedTokenStore.wrap(store, all));
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
}
