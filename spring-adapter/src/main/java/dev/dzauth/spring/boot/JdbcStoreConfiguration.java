package dev.dzauth.spring.boot;

import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.store.jdbc.PostgresDoorbell;
import dev.dzauth.store.redis.RedisDoorbell;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JDBC store on the application's {@code DataSource} (dialect detected), and the poller of its
 * status feed so that revocations made on other instances apply here within the poll interval.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "javax.sql.DataSource")
@ConditionalOnBean(DataSource.class)
class JdbcStoreConfiguration {

  @Bean
  @ConditionalOnMissingBean(TokenStore.class)
  JdbcTokenStore dzAuthTokenStore(DataSource dataSource, DzAuthProperties properties) throws SQLException {
    DzAuthProperties.Store s = properties.getStore();
    return JdbcTokenStore.builder(dataSource)
        .tablePrefix(s.getTablePrefix())
        .queryTimeout(s.getQueryTimeout())
        .createSchemaIfMissing(s.isCreateSchema())
        .build();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnMissingBean
  StatusFeedPoller dzAuthStatusFeedPoller(TokenStore store, StatusCache statuses, DzAuthProperties properties) {
    DzAuthProperties.Store s = properties.getStore();
    StatusFeedPoller.Builder b = StatusFeedPoller.builder(store, statuses)
        .pollInterval(s.getFeedPollInterval())
        .doorbell(switch (s.getDoorbell()) {
          case AUTO -> PostgresDoorbell.auto(store);
          case NONE -> null;
          case REDIS -> RedisDoorbell.builder(java.util.Objects.requireNonNull(s.getDoorbellRedisUrl())).build();
        });
    if (s.getFeedMaxLag() != null) {
      b.maxLag(s.getFeedMaxLag());
    }
    return b.build();
  }
}
