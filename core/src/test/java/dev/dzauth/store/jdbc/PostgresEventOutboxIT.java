package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.EventOutbox;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle events on a real PostgreSQL: a JVM killed between a change and its delivery, or inside
 * the listener, loses no event and invents none (delivered after restart, once); three instances
 * write and deliver expiry warnings for 1,000 tokens, each exactly once.
 */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresEventOutboxIT {

  private static ScratchDatabase db;
  private static final KeySetHolder RING =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k1")));

  @BeforeAll
  static void database() throws Exception {
    db = Databases.postgres();
    JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  /** Runs {@link CrashingInstance} in a JVM of its own; answers its stdout lines. */
  private static List<String> crash(String mode, String subject) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashingInstance.class.getName(),
                db.jdbcUrl(db.host(), db.port()),
                db.server().user(),
                mode,
                subject)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("killed on purpose").isEqualTo(137);
    return lines;
  }

  /** Delivers everything due to {@code got}, from an instance whose clock is {@code ahead}. */
  private static void deliverAll(Map<String, List<TokenEvent>> got, Duration ahead)
      throws Exception {
    JdbcTokenStore store = JdbcTokenStore.builder(db.dataSource()).build();
    try (EventOutbox outbox =
        EventOutbox.builder(store)
            .clock(Clock.offset(Clock.system(ZoneOffset.UTC), ahead))
            .listener(e -> got.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e))
            .build()) {
      while (outbox.deliverOnce() > 0) {
        // until nothing is due
      }
    }
  }

  @Test
  void aJvmKilledAfterItsChangesCommittedHasTheirEventsDeliveredAfterRestartOnce()
      throws Exception {
    String subject = "after-" + UUID.randomUUID();
    List<String> out = crash("after-change", subject);
    String tokenId = out.get(0).substring("CHANGED ".length());

    Map<String, List<TokenEvent>> got = new ConcurrentHashMap<>();
    deliverAll(got, Duration.ZERO);
    deliverAll(got, Duration.ofHours(1)); // a second restart, later: nothing again

    List<TokenEvent> mine =
        got.values().stream()
            .flatMap(List::stream)
            .filter(e -> tokenId.equals(e.tokenId()))
            .toList();
    assertThat(mine)
        .extracting(TokenEvent::type)
        .containsExactlyInAnyOrder(TokenEvent.Type.CREATED, TokenEvent.Type.REVOKED);
    assertThat(got.values()).allSatisfy(calls -> assertThat(calls).hasSize(1));
  }

  @Test
  void aJvmKilledInsideTheListenerHasThatEventDeliveredAgainOnceWithTheSameId() throws Exception {
    String subject = "inside-" + UUID.randomUUID();
    Map<String, List<TokenEvent>> got = new ConcurrentHashMap<>();
    deliverAll(got, Duration.ZERO); // what earlier tests left
    got.clear();

    List<String> out = crash("in-listener", subject);
    String tokenId = out.get(0).substring("CHANGED ".length());
    String dying = out.get(1).substring("DELIVERING ".length());

    deliverAll(got, Duration.ZERO);
    assertThat(got).as("the dead claimer's lease still runs").doesNotContainKey(dying);
    deliverAll(got, Duration.ofSeconds(31));

    assertThat(got.get(dying)).as("delivered again, once").hasSize(1);
    assertThat(got.get(dying).get(0).tokenId()).isEqualTo(tokenId);
    assertThat(got.values().stream().flatMap(List::stream).filter(e -> tokenId.equals(e.tokenId())))
        .extracting(TokenEvent::type)
        .containsExactlyInAnyOrder(TokenEvent.Type.CREATED, TokenEvent.Type.REVOKED);
    assertThat(got.values()).allSatisfy(calls -> assertThat(calls).hasSize(1));
  }

  @Test
  void threeInstancesWriteAndDeliverTheExpiryWarningsOfAThousandTokensEachExactlyOnce()
      throws Exception {
    JdbcTokenStore main = JdbcTokenStore.builder(db.dataSource()).build();
    StatusCache statuses = StatusCache.builder(main).build();
    String business = "exp-" + UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    try (TokenService service =
        TokenService.builder(
                TokenMinter.builder("https://issuer.test", RING).build(), main, statuses)
            .build()) {
      Caller owner = new Caller("owner", business, Set.of("tokens:write"));
      for (int i = 0; i < 1_000; i++) {
        CreatedToken t =
            service.create(owner, new CreateTokenRequest("t" + i, null, 1 + i % 5, null));
        ids.add(t.record().id());
      }
    }
    statuses.close();
    Set<String> mine = Set.copyOf(ids);
    Map<String, AtomicInteger> perWarning = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> perEvent = new ConcurrentHashMap<>();
    List<EventOutbox> outboxes = new ArrayList<>();
    List<HikariDataSource> pools = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < 3; i++) {
        HikariDataSource pool = db.newPool("warn-" + i, 2_000);
        pools.add(pool);
        outboxes.add(
            EventOutbox.builder(JdbcTokenStore.builder(pool).build())
                .claimer("instance-" + i)
                .pollInterval(Duration.ofMillis(20))
                .expiryScanInterval(Duration.ofMillis(20))
                .listener(
                    e -> {
                      perEvent.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
                      if (e.type() == TokenEvent.Type.EXPIRING_SOON && mine.contains(e.tokenId())) {
                        perWarning
                            .computeIfAbsent(
                                e.tokenId() + " " + e.reason(), k -> new AtomicInteger())
                            .incrementAndGet();
                      }
                    })
                .build()
                .start());
      }
      // Every token expires within 7 days; those of 1 day also within the 1-day lead.
      int expected = 1_000 + 200;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (perWarning.size() < expected && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      for (EventOutbox o : outboxes) {
        o.close();
      }
      long[] written = outboxes.stream().mapToLong(o -> o.stats().warnings()).toArray();
      System.out.println(
          "[dz-auth] expiry warnings on PostgreSQL, 3 instances, 1,000 tokens: "
              + perWarning.size()
              + " warnings delivered in "
              + tookMillis
              + " ms; written by instance: "
              + java.util.Arrays.toString(written)
              + "; delivered more than once: "
              + perWarning.values().stream().filter(n -> n.get() > 1).count());
      assertThat(perWarning).hasSize(expected);
      assertThat(perWarning.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(perEvent.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    } finally {
      outboxes.forEach(EventOutbox::close);
      pools.forEach(HikariDataSource::close);
    }
  }
}
