package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.SortField;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

final class JdbcTokenStoreTests {

  private final JdbcDataSource h2 = new JdbcDataSource();
  private final List<String> executions = new CopyOnWriteArrayList<>();
  private final List<Integer> timeouts = new CopyOnWriteArrayList<>();

  JdbcTokenStoreTests() {
    h2.setURL("jdbc:h2:mem:dz" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Test
  void tablePrefixOutsideThePatternIsRejected() {
    for (String bad : List.of("", "1x", "dz-", "x; DROP TABLE t", "a".repeat(32), "dz tokens")) {
      assertThatThrownBy(() -> JdbcTokenStore.builder(h2).tablePrefix(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tablePrefix");
    }
    assertThat(JdbcTokenStore.builder(h2).tablePrefix("a".repeat(31))).isNotNull();
  }

  @Test
  void dialectIsDetectedAndSchemaCreationIsIdempotent() throws Exception {
    JdbcTokenStore store = JdbcTokenStore.builder(h2).createSchemaIfMissing(true).build();
    store.createSchemaIfMissing();
    assertThat(store.dialect()).isEqualTo(JdbcDialect.H2);
    assertThat(store.latestSequence()).isZero();
  }

  @Test
  void withoutItsSchemaTheStoreIsUnavailableNotBroken() throws Exception {
    JdbcTokenStore store = JdbcTokenStore.builder(h2).dialect(JdbcDialect.H2).build();
    KeySetHolder ring =
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
    try (StatusCache statuses = StatusCache.builder(store).build();
        TokenService service =
            TokenService.builder(TokenMinter.builder("iss", ring).build(), store, statuses)
                .build()) {
      assertThatThrownBy(
              () -> service.create(new Caller("a", "b", Set.of()), CreateTokenRequest.named("t")))
          .isInstanceOfSatisfying(
              DzAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE));
    }
  }

  @Test
  void recordLastUsedIsOneBatchExecutionAndEveryStatementHasTheQueryTimeout() throws Exception {
    JdbcTokenStore.builder(h2).createSchemaIfMissing(true).build();
    JdbcTokenStore store = JdbcTokenStore.builder(counting(h2)).dialect(JdbcDialect.H2).build();
    KeySetHolder ring =
        KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
    Caller caller = new Caller("a", "b", Set.of());
    Map<String, Instant> uses = new HashMap<>();
    try (StatusCache statuses = StatusCache.builder(store).build();
        TokenService service =
            TokenService.builder(TokenMinter.builder("iss", ring).build(), store, statuses)
                .build()) {
      for (int i = 0; i < 25; i++) {
        uses.put(
            service.create(caller, CreateTokenRequest.named("t" + i)).record().id(), Instant.now());
      }
      executions.clear();
      store.recordLastUsed(uses);
      assertThat(executions).containsExactly("executeBatch");
      service.list(
          caller,
          new dev.dzauth.lifecycle.ListQuery(false, null, 5, false, true, SortField.NAME, true));
    }
    assertThat(timeouts).isNotEmpty().allMatch(t -> t == 2);
  }

  @Test
  void timesRoundTripAsEpochMicros() {
    Instant at = Instant.parse("2026-11-22T10:15:30.123456789Z");
    assertThat(JdbcTokenStore.instant(JdbcTokenStore.micros(at)))
        .isEqualTo(Instant.parse("2026-11-22T10:15:30.123456Z"));
    assertThat(JdbcTokenStore.instant(JdbcTokenStore.micros(SortField.NEVER)))
        .isEqualTo(SortField.NEVER);
    assertThat(JdbcTokenStore.instant(0)).isEqualTo(Instant.EPOCH);
  }

  /** A DataSource whose prepared statements report their executions and query timeouts. */
  private DataSource counting(DataSource target) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (p, m, args) -> {
              Object result = invoke(target, m, args);
              return result instanceof Connection c ? connection(c) : result;
            });
  }

  private Connection connection(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (p, m, args) -> {
              Object result = invoke(c, m, args);
              return result instanceof PreparedStatement ps ? statement(ps) : result;
            });
  }

  private PreparedStatement statement(PreparedStatement ps) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (p, m, args) -> {
              if (m.getName().startsWith("execute")) {
                executions.add(m.getName());
              }
              if (m.getName().equals("setQueryTimeout")) {
                timeouts.add((Integer) args[0]);
              }
              return invoke(ps, m, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
