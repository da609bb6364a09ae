package dev.dzauth.spring.boot;

import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The JDBC store on the application's {@code DataSource} (dialect detected). Its status feed is
 * followed by the assembly's poller, as every store's is.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(VerifyOnlyMode.Off.class)
@ConditionalOnClass(name = "javax.sql.DataSource")
@ConditionalOnBean(DataSource.class)
class JdbcStoreConfiguration {

  @Bean
  @ConditionalOnMissingBean(TokenStore.class)
  JdbcTokenStore dzAuthTokenStore(DataSource dataSource, DzAuthProperties properties)
      throws SQLException {
    JdbcTokenStore.Builder b;
    try {
      b = CoreProperties.jdbcStore(properties.getStore(), JdbcTokenStore.builder(dataSource));
    } catch (IllegalArgumentException e) {
      throw CoreProperties.named(e);
    }
    return b.build();
  }
}
