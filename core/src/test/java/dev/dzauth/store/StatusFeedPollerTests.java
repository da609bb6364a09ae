package dev.dzauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class StatusFeedPollerTests {

  private final KeySetHolder ring =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
  private final InMemoryTokenStore shared = new InMemoryTokenStore();
  private final SwitchableTokenStore bStore = new SwitchableTokenStore(shared);
  private final AtomicLong ticker = new AtomicLong();
  private final TokenMinter minter = TokenMinter.builder("iss", ring).build();
  private final StatusCache aStatuses = StatusCache.builder(shared).build();
  private final TokenService a = TokenService.builder(minter, shared, aStatuses).build();
  private final StatusCache bStatuses =
      StatusCache.builder(bStore)
          .refreshAfter(Duration.ofMinutes(10))
          .maxStaleness(Duration.ofMinutes(20))
          .ticker(ticker::get)
          .build();
  private final TokenVerifier bVerifier = TokenVerifier.builder("iss", ring, bStatuses).build();
  private final StatusFeedPoller bPoller =
      StatusFeedPoller.builder(bStore, bStatuses).batchSize(2).build();
  private final Caller alice = new Caller("alice", "b1", Set.of("tokens:write"));

  @AfterEach
  void close() {
    bPoller.close();
    a.close();
    aStatuses.close();
    bStatuses.close();
  }

  @Test
  void aFreshPollerStartsAtTheEndOfTheFeed() {
    String id = a.create(alice, CreateTokenRequest.named("t")).record().id();
    a.suspend(alice, id);
    a.activate(alice, id);

    assertThat(bPoller.pollOnce()).isTrue();

    assertThat(bPoller.lag().lastSequence()).isEqualTo(2);
    assertThat(bPoller.lag().appliedChanges()).isZero();
  }

  @Test
  void thePollerPrunesFeedEntriesOlderThanTheRetention() {
    MutableClock wall = MutableClock.fixed();
    TokenService service =
        TokenService.builder(
                TokenMinter.builder("iss", ring).clock(wall).build(), shared, aStatuses)
            .clock(wall)
            .build();
    StatusCache wallStatuses = StatusCache.builder(shared).ticker(wall.ticker()).build();
    StatusFeedPoller pruning =
        StatusFeedPoller.builder(shared, wallStatuses)
            .clock(wall)
            .feedRetention(Duration.ofDays(1))
            .build();
    try {
      String id = service.create(alice, CreateTokenRequest.named("t")).record().id();
      service.suspend(alice, id);
      wall.advance(Duration.ofDays(2));
      service.activate(alice, id);
      pruning.pollOnce();
      assertThat(shared.changesSince(0, 10)).extracting(c -> c.sequence()).containsExactly(2L);

      service.suspend(alice, id);
      wall.advance(Duration.ofDays(2).plusHours(1));
      pruning.pollOnce();
      assertThat(shared.changesSince(0, 10)).isEmpty();
      assertThat(shared.latestSequence()).isEqualTo(3);
      service.activate(alice, id);
      assertThat(shared.changesSince(3, 10)).extracting(c -> c.sequence()).containsExactly(4L);
    } finally {
      pruning.close();
      service.close();
    }
  }

  @Test
  void changesOnAnotherInstanceReachThisCacheAtTheNextPoll() {
    bPoller.pollOnce();
    CreatedToken revoked = a.create(alice, CreateTokenRequest.named("r"));
    CreatedToken suspended = a.create(alice, CreateTokenRequest.named("s"));
    CreatedToken other = a.create(alice, CreateTokenRequest.named("o"));
    bVerifier.verify(revoked.token());
    bVerifier.verify(suspended.token());
    a.revoke(alice, revoked.record().id(), "leaked");
    a.suspend(alice, suspended.record().id());
    a.suspend(alice, other.record().id());
    assertThat(bVerifier.verify(revoked.token()).tokenId()).isEqualTo(revoked.record().id());

    assertThat(bPoller.pollOnce()).isTrue();

    assertReason(() -> bVerifier.verify(revoked.token()), Reason.REVOKED);
    assertReason(() -> bVerifier.verify(suspended.token()), Reason.SUSPENDED);
    assertReason(() -> bVerifier.verify(other.token()), Reason.SUSPENDED);
    assertThat(bPoller.lag().appliedChanges()).isEqualTo(3);
    a.activate(alice, suspended.record().id());
    bPoller.pollOnce();
    assertThat(bVerifier.verify(suspended.token()).tokenId()).isEqualTo(suspended.record().id());
  }

  @Test
  void pollerReportsLagWhileTheStoreIsDownAndCatchesUpAfterwards() {
    bPoller.pollOnce();
    CreatedToken t = a.create(alice, CreateTokenRequest.named("t"));
    bVerifier.verify(t.token());
    bStore.setDown(true);
    a.revoke(alice, t.record().id(), null);

    ticker.addAndGet(Duration.ofSeconds(7).toNanos());
    assertThat(bPoller.pollOnce()).isFalse();
    assertThat(bPoller.pollOnce()).isFalse();
    assertThat(bPoller.lag().consecutiveFailures()).isEqualTo(2);
    assertThat(bPoller.lag().sinceLastSuccess()).isEqualTo(Duration.ofSeconds(7));

    bStore.setDown(false);
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(bPoller.lag().consecutiveFailures()).isZero();
    assertThat(bPoller.lag().sinceLastSuccess()).isZero();
    assertReason(() -> bVerifier.verify(t.token()), Reason.REVOKED);
  }

  @Test
  void aPollerStartedWhileTheStoreIsDownPositionsItselfOnceItAnswers() {
    bStore.setDown(true);
    assertThat(bPoller.pollOnce()).isFalse();
    assertThat(bPoller.lag().everSucceeded()).isFalse();
    bStore.setDown(false);
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(bPoller.lag().everSucceeded()).isTrue();
  }

  @Test
  void startedPollerAppliesChangesInTheBackground() throws InterruptedException {
    StatusFeedPoller running =
        StatusFeedPoller.builder(bStore, bStatuses)
            .pollInterval(Duration.ofMillis(20))
            .build()
            .start();
    try {
      while (!running.lag().everSucceeded()) {
        Thread.sleep(5);
      }
      CreatedToken t = a.create(alice, CreateTokenRequest.named("t"));
      bVerifier.verify(t.token());
      a.revoke(alice, t.record().id(), null);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (running.lag().appliedChanges() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertReason(() -> bVerifier.verify(t.token()), Reason.REVOKED);
    } finally {
      running.close();
    }
  }

  @Test
  void builderRejectsNonPositiveSettings() {
    assertThatThrownBy(
            () -> StatusFeedPoller.builder(bStore, bStatuses).pollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> StatusFeedPoller.builder(bStore, bStatuses).batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
  }

  private static void assertReason(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
