package dev.dzauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusListEntry;
import dev.dzauth.status.StatusListIndex;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.jdbc.JdbcStatusListIndex;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The index contract on {@link JdbcStatusListIndex} over one database, and what only the JDBC index
 * does: leave the certainly valid tokens out of the entries a list build looks up.
 */
abstract class JdbcStatusListIndexContract extends StatusListIndexContract {

  private JdbcTokenStore store;

  /** A fresh, empty database. */
  abstract DataSource freshDatabase() throws Exception;

  @Override
  StatusListIndex open(int listSize) throws Exception {
    store = JdbcTokenStore.builder(freshDatabase()).createSchemaIfMissing(true).build();
    return JdbcStatusListIndex.builder(store)
        .listSize(listSize)
        .createSchemaIfMissing(true)
        .build();
  }

  @Override
  StatusListIndex reopen(int listSize) throws Exception {
    // The schema exists already: creating it again changes nothing (idempotent).
    return JdbcStatusListIndex.builder(store)
        .listSize(listSize)
        .createSchemaIfMissing(true)
        .build();
  }

  static TokenRecord record(String jti, String subject, String business) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new TokenRecord(
        UUID.randomUUID().toString(),
        jti,
        "t",
        null,
        "dz_prefix",
        subject,
        business,
        Set.of("a"),
        subject,
        now,
        now,
        now.plus(Duration.ofDays(30)),
        null,
        TokenStatus.ACTIVE,
        0,
        null,
        null,
        null,
        0,
        null,
        null,
        null);
  }

  @Test
  void aListBuildLooksUpOnlyTokensThatMayNotBeValid() throws Exception {
    StatusListIndex index = open(1000);
    Instant now = Instant.now();
    List<StatusListEntry> plain = new ArrayList<>();
    List<TokenRecord> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String jti = jti();
      String subject = i < 10 ? "alice" : "carol";
      String business = i < 10 ? "b1" : "b2";
      plain.add(index.allocate(jti, subject, business));
      records.add(store.insert(record(jti, subject, business), ChangeOrigin.none()));
    }
    StatusListEntry neverStored = index.allocate(jti(), "alice", "b1");
    store.revoke(records.get(1).id(), now, ChangeOrigin.of("alice"), null);
    store.transition(
        records.get(2).id(), TokenStatus.ACTIVE, TokenStatus.SUSPENDED, now, ChangeOrigin.none());
    store.transition(
        records.get(3).id(), TokenStatus.ACTIVE, TokenStatus.DELETED, now, ChangeOrigin.none());
    store.roll(
        records.get(4).id(),
        record(jti(), "alice", "b1"),
        now.plusSeconds(60),
        now,
        ChangeOrigin.none());
    assertThat(index.entriesToCheck(1, -1, 100))
        .extracting(StatusListEntry::jti)
        .containsExactly(
            records.get(1).jti(),
            records.get(2).jti(),
            records.get(3).jti(),
            records.get(4).jti(),
            neverStored.jti());

    // An owner-level change makes every token of the owner one to look up.
    store.changeOwner(
        OwnerScope.business("b2"), OwnerAction.SUSPEND, now, ChangeOrigin.of("admin"), null);
    assertThat(index.entriesToCheck(1, -1, 100))
        .extracting(StatusListEntry::jti)
        .contains(records.get(10).jti(), records.get(11).jti())
        .doesNotContain(records.get(0).jti(), records.get(5).jti());
    // Paged from an index on.
    assertThat(index.entriesToCheck(1, plain.get(3).index(), 2))
        .extracting(StatusListEntry::jti)
        .containsExactly(records.get(4).jti(), records.get(10).jti());
  }
}
