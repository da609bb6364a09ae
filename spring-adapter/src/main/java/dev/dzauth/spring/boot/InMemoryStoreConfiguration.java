package dev.dzauth.spring.boot;

import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The fallback store: in memory, with a warning, when nothing better is configured. */
@Configuration(proxyBeanMethods = false)
@Conditional(VerifyOnlyMode.Off.class)
class InMemoryStoreConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(DzAuthAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean(TokenStore.class)
  InMemoryTokenStore dzAuthTokenStore() {
    LOG.warn(
        "dz-auth uses an in-memory token store: tokens and revocations are lost at restart and not"
            + " shared between instances. Not for production: define a DataSource (JDBC store) or a"
            + " TokenStore bean.");
    return new InMemoryTokenStore();
  }
}
