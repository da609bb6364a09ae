package dev.dzauth.spring.boot;

import dev.dzauth.lifecycle.TokenPolicy;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Core's objects built from {@link DzAuthProperties}. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

  @Bean
  @ConditionalOnMissingBean
  KeySetHolder dzAuthKeyRing(DzAuthProperties properties) {
    return KeySetHolder.of(Keys.load(properties.getKeys()));
  }

  @Bean
  @ConditionalOnMissingBean
  TokenMinter dzAuthTokenMinter(DzAuthProperties properties, KeySetHolder keys) {
    return TokenMinter.builder(issuer(properties), keys).build();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  StatusCache dzAuthStatusCache(
      DzAuthProperties properties, TokenStore store, ObjectProvider<DzAuthObserver> observers) {
    DzAuthProperties.Status s = properties.getCache().getStatus();
    return StatusCache.builder(ObservedTokenStore.wrap(store, observers(observers)))
        .maximumSize(s.getSize())
        .refreshAfter(s.getRefreshAfter())
        .maxStaleness(s.getMaxStaleness())
        .storeTimeout(s.getStoreTimeout())
        .build();
  }

  @Bean
  @ConditionalOnMissingBean
  TokenVerifier dzAuthTokenVerifier(DzAuthProperties properties, KeySetHolder keys, StatusCache statuses) {
    DzAuthProperties.Verified v = properties.getCache().getVerified();
    TokenVerifier.Builder b =
        TokenVerifier.builder(issuer(properties), keys, statuses)
            .clockSkew(properties.getClockSkew())
            .verifiedCacheSize(v.getSize())
            .verifiedCacheMaxAge(v.getMaxAge());
    if (!properties.getKeys().getAllowedAlgorithms().isEmpty()) {
      b.allowedAlgorithms(properties.getKeys().getAllowedAlgorithms());
    }
    return b.build();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  TokenService dzAuthTokenService(
      DzAuthProperties properties,
      TokenMinter minter,
      TokenStore store,
      StatusCache statuses,
      ObjectProvider<DzAuthObserver> observers) {
    DzAuthProperties.Policy p = properties.getPolicy();
    return TokenService.builder(minter, ObservedTokenStore.wrap(store, observers(observers)), statuses)
        .policy(new TokenPolicy(p.isAllowNeverExpiring(), p.getMaxDays()))
        .lastUsedFlushInterval(properties.getLastUsedFlushInterval())
        .build();
  }

  private static List<DzAuthObserver> observers(ObjectProvider<DzAuthObserver> observers) {
    return observers.orderedStream().toList();
  }

  private static String issuer(DzAuthProperties properties) {
    return Objects.requireNonNull(properties.getIssuer(), "dz.auth.issuer");
  }
}
