package dev.dzauth.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of dz-auth's core: keys, minter, store, status cache, verifier and token
 * service, from {@link DzAuthProperties}. Each bean backs off when the application defines one of
 * its type. With a {@code DataSource} the JDBC store is used, otherwise an in-memory store. With
 * {@code dz.auth.verify-only.issuer} none of them: a verify-only verifier ({@link
 * VerifyOnlyConfiguration}).
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(DzAuthProperties.class)
@Import({
  JdbcStoreConfiguration.class,
  InMemoryStoreConfiguration.class,
  CoreConfiguration.class,
  VerifyOnlyConfiguration.class,
  HttpConfiguration.class
})
public class DzAuthAutoConfiguration {}
