package dev.dzauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.TokenStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one rule of owner-level changes, case by case. */
class OwnerHistoryTests {

  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
  private static final OwnerScope BIZ = OwnerScope.business("b1");
  private static final OwnerScope ALICE = OwnerScope.subject("b1", "alice");

  private static TokenRecord record(String subject, TokenStatus state, long version, long created) {
    return new TokenRecord(
            "id-" + subject + created,
            "jti-" + subject + created,
            "n",
            null,
            "dz_x",
            subject,
            "b1",
            Set.of(),
            subject,
            T,
            T,
            null,
            null,
            state,
            version,
            null,
            null,
            null,
            0,
            null,
            null,
            null)
        .storedAt(created);
  }

  private static OwnerChange change(long seq, OwnerScope scope, OwnerAction action, String by) {
    return new OwnerChange(seq, scope, action, T.plusSeconds(seq), by, "why " + seq);
  }

  @Test
  void aRevokeAfterTheRecordRevokesItWithTheFirstSuchChangeAndALaterVersion() {
    OwnerHistory h =
        OwnerHistory.of(
            List.of(
                change(9, BIZ, OwnerAction.REVOKE, "second"),
                change(5, ALICE, OwnerAction.REVOKE, "first"),
                change(2, ALICE, OwnerAction.REVOKE, "before")));
    TokenRecord r = h.apply(record("alice", TokenStatus.ACTIVE, 3, 4));

    assertThat(r.state()).isEqualTo(TokenStatus.REVOKED);
    assertThat(r.revokedBy()).isEqualTo("first");
    assertThat(r.revocationReason()).isEqualTo("why 5");
    assertThat(r.revokedAt()).isEqualTo(T.plusSeconds(5));
    assertThat(r.heldBy()).isEqualTo(ALICE);
    assertThat(r.stateVersion()).isEqualTo(9);
    assertThat(h.revokedBelow("alice", "b1")).isEqualTo(9);
    assertThat(h.revokedBelow("bob", "b1")).isEqualTo(9);
    assertThat(h.apply(record("alice", TokenStatus.ACTIVE, 10, 9)).state())
        .as("stored at the change's sequence: not covered")
        .isEqualTo(TokenStatus.ACTIVE);
  }

  @Test
  void ownFinalStatesStandAndOtherOwnersAreNotCovered() {
    OwnerHistory h = OwnerHistory.of(List.of(change(5, ALICE, OwnerAction.REVOKE, "x")));
    TokenRecord deleted = record("alice", TokenStatus.DELETED, 3, 1);
    assertThat(h.apply(deleted)).isSameAs(deleted);
    TokenRecord bobs = record("bob", TokenStatus.ACTIVE, 0, 1);
    assertThat(h.apply(bobs)).isSameAs(bobs);
    assertThat(h.revokedBelow("bob", "b1")).isZero();
  }

  @Test
  void theLatestSuspendOrActivateOfEachScopeDecidesAndActivateNeedsASuspension() {
    OwnerHistory h =
        OwnerHistory.of(
            List.of(
                change(2, BIZ, OwnerAction.SUSPEND, "s"),
                change(4, BIZ, OwnerAction.ACTIVATE, "a"),
                change(6, ALICE, OwnerAction.SUSPEND, "s2")));
    assertThat(h.apply(record("bob", TokenStatus.ACTIVE, 0, 1)).state())
        .isEqualTo(TokenStatus.ACTIVE);
    TokenRecord alice = h.apply(record("alice", TokenStatus.ACTIVE, 0, 1));
    assertThat(alice.state()).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(alice.heldBy()).isEqualTo(ALICE);
    assertThat(alice.stateVersion()).isEqualTo(6);
    assertThat(h.apply(record("alice", TokenStatus.ACTIVE, 7, 7)).state())
        .as("created after the suspension")
        .isEqualTo(TokenStatus.ACTIVE);
    assertThat(h.isNoOp(BIZ, OwnerAction.ACTIVATE)).isTrue();
    assertThat(h.isNoOp(ALICE, OwnerAction.ACTIVATE)).isFalse();
    assertThat(h.isNoOp(ALICE, OwnerAction.SUSPEND)).isFalse();
  }

  @Test
  void aDryRunCountsTheRecordsWhoseStateInEffectWouldChange() {
    OwnerHistory h = OwnerHistory.of(List.of(change(3, ALICE, OwnerAction.SUSPEND, "s")));
    List<TokenRecord> records =
        List.of(
            record("alice", TokenStatus.ACTIVE, 0, 1), // held suspended
            record("alice", TokenStatus.SUSPENDED, 2, 1), // suspended on its own too
            record("alice", TokenStatus.ACTIVE, 0, 5), // created after
            record("bob", TokenStatus.ACTIVE, 0, 1));
    assertThat(h.countChanged(records, ALICE, OwnerAction.ACTIVATE)).isEqualTo(1);
    assertThat(h.countChanged(records, ALICE, OwnerAction.REVOKE)).isEqualTo(3);
    assertThat(h.countChanged(records, BIZ, OwnerAction.SUSPEND)).isEqualTo(2);
  }
}
