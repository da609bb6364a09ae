package dev.dzauth.spring.boot.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.spring.testing.Postgres;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcDialect;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter on the real PostgreSQL: JDBC store from the application's DataSource, tokens that
 * authenticate over HTTP, and a revocation made by another instance applied through the status
 * feed.
 */
@SpringBootTest(
    classes = PostgresTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "dz.auth.issuer=https://auth.test",
      "dz.auth.store.feed-poll-interval=200ms",
      "management.endpoint.health.show-details=always"
    })
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresHttpIT {

  static final String PREFIX = Postgres.uniquePrefix();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    Postgres.register(registry, PREFIX);
  }

  @AfterAll
  static void dropTables() {
    Postgres.dropTables(PREFIX);
  }

  @LocalServerPort int port;
  @Autowired TokenService tokens;
  @Autowired TokenStore store;

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void storeIsJdbcOnPostgres() {
    assertThat(store).isInstanceOf(JdbcTokenStore.class);
    assertThat(((JdbcTokenStore) store).dialect()).isEqualTo(JdbcDialect.POSTGRESQL);
  }

  @Test
  void tokenAuthenticatesAndRevocationElsewhereAppliesThroughTheFeed() throws Exception {
    CreatedToken t =
        tokens.create(
            new Caller("pg-user", UUID.randomUUID().toString(), Set.of("tokens:read")),
            CreateTokenRequest.named("pg"));
    assertThat(get("/api/v1/me", t.token()).statusCode()).isEqualTo(200);

    // Another instance, sharing only the database, revokes the token.
    DriverManagerDataSource other =
        new DriverManagerDataSource(Postgres.URL, Postgres.USER, Postgres.PASSWORD);
    JdbcTokenStore otherStore = JdbcTokenStore.builder(other).tablePrefix(PREFIX).build();
    otherStore.revoke(
        t.record().id(), Instant.now(), dev.dzauth.store.ChangeOrigin.of("pg-user"), "elsewhere");

    long deadline = System.nanoTime() + 10_000_000_000L;
    int status = 200;
    while (System.nanoTime() < deadline && status == 200) {
      Thread.sleep(100);
      status = get("/api/v1/me", t.token()).statusCode();
    }
    assertThat(status).isEqualTo(401);
    assertThat(get("/api/v1/me", t.token()).body())
        .isEqualTo("{\"detail\":\"Token has been revoked\"}");
  }

  @Test
  void healthReportsStoreAndFeed() throws Exception {
    HttpResponse<String> r = get("/actuator/health", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"store\":\"reachable\"").contains("feedLagMillis");
  }
}
