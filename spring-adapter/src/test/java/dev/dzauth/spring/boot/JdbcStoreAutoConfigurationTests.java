package dev.dzauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcDialect;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The store choice: JDBC with a DataSource, in memory without. */
final class JdbcStoreAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, DzAuthAutoConfiguration.class))
          .withPropertyValues("dz.auth.issuer=https://auth.test");

  @Test
  void dataSourceThenJdbcStoreWithDetectedDialectAndFeedPoller() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:dzauth-jdbc-1;DB_CLOSE_DELAY=-1",
            "dz.auth.store.table-prefix=t1_")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              TokenStore store = context.getBean(TokenStore.class);
              assertThat(store).isInstanceOf(JdbcTokenStore.class);
              assertThat(((JdbcTokenStore) store).dialect()).isEqualTo(JdbcDialect.H2);
              assertThat(context).hasSingleBean(StatusFeedPoller.class);
              assertThat(store.status("nope").status())
                  .isEqualTo(dev.dzauth.status.TokenStatus.UNKNOWN);
            });
  }

  @Test
  void feedMaxLagAndDoorbellPropertiesReachThePoller() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:dzauth-jdbc-lag;DB_CLOSE_DELAY=-1",
            "dz.auth.store.table-prefix=tl_",
            "dz.auth.store.feed-max-lag=7s")
        .run(
            context -> {
              StatusFeedPoller poller = context.getBean(StatusFeedPoller.class);
              assertThat(poller.maxLag()).isEqualTo(java.time.Duration.ofSeconds(7));
              assertThat(poller.lag().doorbell())
                  .as("auto on H2: no doorbell")
                  .isEqualTo(StatusFeedPoller.DoorbellState.NONE);
              assertThat(poller.lag().anchored()).isTrue();
            });
  }

  @Test
  void aFeedMaxLagNotLongerThanThePollIntervalFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:dzauth-jdbc-lag2;DB_CLOSE_DELAY=-1",
            "dz.auth.store.feed-max-lag=1s")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("dz.auth.store.feed-max-lag"));
  }

  @Test
  void userStoreWinsOverDataSource() {
    InMemoryTokenStore mine = new InMemoryTokenStore();
    runner
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:dzauth-jdbc-2;DB_CLOSE_DELAY=-1")
        .withBean(TokenStore.class, () -> mine)
        .run(context -> assertThat(context.getBean(TokenStore.class)).isSameAs(mine));
  }

  @Test
  void withoutDataSourceOnClassPathThenInMemoryAndTheFeedIsStillFollowed() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DzAuthAutoConfiguration.class))
        .withPropertyValues("dz.auth.issuer=https://auth.test")
        .withClassLoader(new FilteredClassLoader(DataSource.class))
        .run(
            context -> {
              assertThat(context.getBean(TokenStore.class)).isInstanceOf(InMemoryTokenStore.class);
              // The one rule of the assembly: every store's feed is followed (docs/RATIONALE.md).
              assertThat(context).hasSingleBean(StatusFeedPoller.class);
              assertThat(context.getBean(StatusFeedPoller.class).lag().anchored()).isTrue();
            });
  }

  @Test
  void schemaCreationCanBeTurnedOff() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:dzauth-jdbc-3;DB_CLOSE_DELAY=-1",
            "dz.auth.store.create-schema=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              TokenStore store = context.getBean(TokenStore.class);
              org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.status("x"))
                  .isInstanceOf(java.sql.SQLException.class);
            });
  }
}
