package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.OwnerChangeRequest;
import dev.dzauth.lifecycle.OwnerChangeResult;
import dev.dzauth.lifecycle.RolledToken;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Owner-level revocation and rolls across three instances on one real PostgreSQL, each with its
 * LISTEN doorbell: revoking 10,000 tokens is one row and one feed entry, reaches every instance
 * within the bound of a single revocation (poll interval + one feed query), and leaves a token
 * minted after it working; a roll's old token works everywhere during its grace period and nowhere
 * after it.
 */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresOwnerFleetIT {

  private static final int TOKENS = 10_000;
  private static final int SAMPLE = 1_000;
  private static final KeySetHolder RING =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k1")));
  private static ScratchDatabase db;
  private static final List<HikariDataSource> POOLS = new ArrayList<>();

  @BeforeAll
  static void database() throws Exception {
    db = Databases.postgres();
    JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
  }

  @AfterAll
  static void drop() {
    POOLS.forEach(HikariDataSource::close);
    if (db != null) {
      db.close();
    }
  }

  private static InstanceStack instance(String name) throws SQLException {
    HikariDataSource pool = db.newPool("fleet-" + name, 2_000);
    POOLS.add(pool);
    JdbcTokenStore store = JdbcTokenStore.builder(pool).build();
    InstanceStack s =
        new InstanceStack(
            pool,
            RING,
            System::nanoTime,
            Duration.ofMinutes(1), // caches never refresh on their own: only the feed tells them
            Duration.ofMinutes(2),
            p ->
                p.doorbell(
                    PostgresDoorbell.builder(store, PostgresDoorbell.ConnectionSource.of(pool))
                        .build()));
    s.poller.start();
    return s;
  }

  @Test
  void revokeAllOfTenThousandTokensIsOneRowAndOneFeedEntryAndReachesEveryInstanceInTheBound()
      throws Exception {
    Caller leaver = new Caller("leaver", "acme", Set.of("tokens:read", "tokens:write"));
    Caller stayer = new Caller("stayer", "acme", Set.of("tokens:read"));
    try (InstanceStack a = instance("a");
        InstanceStack b = instance("b");
        InstanceStack c = instance("c")) {
      List<CreatedToken> tokens = createInParallel(a, leaver, TOKENS);
      CreatedToken stays = a.service.create(stayer, CreateTokenRequest.named("stays"));
      List<CreatedToken> sample = tokens.subList(0, SAMPLE);
      for (InstanceStack s : List.of(b, c)) {
        awaitPositioned(s);
        for (CreatedToken t : sample) {
          s.verifier.verify(t.token());
        }
      }
      long feedBefore = count("SELECT COUNT(*) FROM dz_status_feed");
      long ownersBefore = count("SELECT COUNT(*) FROM dz_owner_changes");
      long versionedBefore = count("SELECT COUNT(*) FROM dz_tokens WHERE status_version > 0");

      long start = System.nanoTime();
      OwnerChangeResult done =
          a.service.changeOwner(
              "admin",
              new OwnerChangeRequest(
                  OwnerScope.subject("acme", "leaver"), OwnerAction.REVOKE, "left", false));
      long returned = System.nanoTime();
      long callMillis = (returned - start) / 1_000_000;
      long[] reachedMillis = {-1, -1};
      long[] allMillis = new long[2];
      long bound = b.poller.pollInterval().toMillis() + 1_000;
      long seq = done.change().sequence();
      long applyDeadline = returned + Duration.ofMillis(bound).toNanos();
      while ((reachedMillis[0] < 0 || reachedMillis[1] < 0) && System.nanoTime() < applyDeadline) {
        for (int k = 0; k < 2; k++) {
          if (reachedMillis[k] < 0 && List.of(b, c).get(k).poller.lag().lastSequence() >= seq) {
            reachedMillis[k] = (System.nanoTime() - returned) / 1_000_000;
          }
        }
        Thread.onSpinWait();
      }
      CreatedToken after = a.service.create(leaver, CreateTokenRequest.named("after"));
      assertThat(done.affected()).isEqualTo(TOKENS);
      long hereAccepted = sample.stream().filter(t -> accepts(a, t)).count();
      assertThat(reachedMillis).as("the entry reached b and c in the bound").doesNotContain(-1L);
      int i = 0;
      for (InstanceStack s : List.of(b, c)) {
        long deadline = returned + Duration.ofMillis(bound).toNanos();
        long loopStart = System.nanoTime();
        while (sample.stream().anyMatch(t -> accepts(s, t)) && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        allMillis[i++] = (System.nanoTime() - loopStart) / 1_000_000;
        assertThat(sample.stream().filter(t -> accepts(s, t)).count())
            .as("tokens accepted past the bound")
            .isZero();
        assertThat(s.verifier.verify(after.token()).tokenId()).isEqualTo(after.record().id());
        assertThat(s.verifier.verify(stays.token()).tokenId()).isEqualTo(stays.record().id());
      }
      long feedWritten = count("SELECT COUNT(*) FROM dz_status_feed") - feedBefore;
      long ownerRows = count("SELECT COUNT(*) FROM dz_owner_changes") - ownersBefore;
      long rowsRewritten =
          count("SELECT COUNT(*) FROM dz_tokens WHERE status_version > 0") - versionedBefore;
      long singleStart = System.nanoTime();
      a.service.revoke(stayer, stays.record().id(), "compare");
      long singleSeq = a.service.store().latestSequence();
      while (b.poller.lag().lastSequence() < singleSeq
          && System.nanoTime() - singleStart < Duration.ofMillis(bound).toNanos()) {
        Thread.onSpinWait();
      }
      long singleMillis = (System.nanoTime() - singleStart) / 1_000_000;
      System.out.println(
          "[dz-auth] revoke-all of "
              + TOKENS
              + " tokens on PostgreSQL, 3 instances with doorbells: call "
              + callMillis
              + " ms; owner rows "
              + ownerRows
              + ", feed entries "
              + feedWritten
              + ", token rows rewritten "
              + rowsRewritten
              + "; after the call returned: feed entry applied on b after "
              + reachedMillis[0]
              + " ms, on c after "
              + reachedMillis[1]
              + " ms; all "
              + SAMPLE
              + " cached tokens verified and refused (each read again from the store, one by one)"
              + " on b in "
              + allMillis[0]
              + " ms, on c in "
              + allMillis[1]
              + " ms (bound of the change: "
              + bound
              + " ms); accepted here after return: "
              + hereAccepted
              + "; a single revoke reached b after "
              + singleMillis
              + " ms; doorbells "
              + b.poller.lag().doorbell()
              + ", "
              + c.poller.lag().doorbell());
      assertThat(hereAccepted).isZero();
      assertThat(ownerRows).isEqualTo(1);
      assertThat(feedWritten).isEqualTo(1);
      assertThat(rowsRewritten).isZero();
      assertThat(a.verifier.verify(after.token()).tokenId()).isEqualTo(after.record().id());
    }
  }

  @Test
  void aRolledTokenWorksOnEveryInstanceDuringItsGracePeriodAndNowhereAfter() throws Exception {
    Caller owner = new Caller("roller", "acme", Set.of("tokens:read", "tokens:write"));
    try (InstanceStack a = instance("ra");
        InstanceStack b = instance("rb");
        InstanceStack c = instance("rc")) {
      CreatedToken old = a.service.create(owner, CreateTokenRequest.named("ci"));
      for (InstanceStack s : List.of(b, c)) {
        awaitPositioned(s);
        s.verifier.verify(old.token());
      }
      RolledToken rolled = a.service.roll(owner, old.record().id(), Duration.ofSeconds(2));
      Instant cutoff = rolled.previous().expiresAt();
      assertThat(cutoff).isNotNull();
      long propagated = a.service.store().latestSequence();
      for (InstanceStack s : List.of(b, c)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (s.poller.lag().lastSequence() < propagated && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(s.poller.lag().lastSequence()).isGreaterThanOrEqualTo(propagated);
        if (Instant.now().isBefore(cutoff)) {
          assertThat(s.verifier.verify(old.token()).tokenId()).isEqualTo(old.record().id());
        }
        assertThat(s.verifier.verify(rolled.token()).tokenId()).isEqualTo(rolled.successor().id());
      }
      while (!Instant.now().isAfter(cutoff)) {
        Thread.onSpinWait();
      }
      for (InstanceStack s : List.of(a, b, c)) {
        assertThat(rejection(s, old)).isEqualTo(Reason.EXPIRED);
        assertThat(s.verifier.verify(rolled.token()).tokenId()).isEqualTo(rolled.successor().id());
      }
    }
  }

  private static List<CreatedToken> createInParallel(InstanceStack s, Caller owner, int n)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<CreatedToken>>> parts = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int part = p;
        parts.add(
            pool.submit(
                () -> {
                  List<CreatedToken> mine = new ArrayList<>();
                  for (int i = part; i < n; i += 4) {
                    mine.add(s.service.create(owner, CreateTokenRequest.named("t" + i)));
                  }
                  return mine;
                }));
      }
      List<CreatedToken> all = new ArrayList<>(n);
      for (Future<List<CreatedToken>> f : parts) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void awaitPositioned(InstanceStack s) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!s.poller.lag().everSucceeded() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(s.poller.lag().everSucceeded()).isTrue();
  }

  private static boolean accepts(InstanceStack s, CreatedToken t) {
    return rejection(s, t) == null;
  }

  private static Reason rejection(InstanceStack s, CreatedToken t) {
    try {
      s.verifier.verify(t.token());
      return null;
    } catch (DzAuthException e) {
      return e.reason();
    }
  }
}
