package dev.dzauth.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.testing.Tokens;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The staleness guarantee of docs/STORES.md, clause by clause, on two instances sharing one store:
 * A makes changes, B verifies. B's clock and ticker are the test's; B's poller runs only when the
 * test calls {@code pollOnce} (a poller paused between polls), and B's store can be paused mid-call
 * or switched off. No sleeps.
 */
final class FeedAnchoredStatusTests {

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration MAX_LAG = Duration.ofSeconds(3);
  private static final Duration REFRESH_AFTER = Duration.ofSeconds(5);
  private static final Duration MAX_STALENESS = Duration.ofSeconds(30);

  private final TokenKey key = TokenKey.generate(SignatureAlgorithm.HS256, "k");
  private final KeySetHolder ring = KeySetHolder.of(KeySet.of(key));
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryTokenStore shared = new InMemoryTokenStore();
  private final TokenMinter minter = TokenMinter.builder("iss", ring).clock(clock).build();
  private final Caller alice = new Caller("alice", "b1", Set.of("tokens:write"));

  private final StatusCache aStatuses = StatusCache.builder(shared).ticker(clock.ticker()).build();
  private final TokenService a =
      TokenService.builder(minter, shared, aStatuses).clock(clock).build();

  private final CountingStore bCounting = new CountingStore(shared);
  private final SwitchableTokenStore bStore = new SwitchableTokenStore(bCounting);
  private final StatusCache bStatuses =
      StatusCache.builder(bStore)
          .ticker(clock.ticker())
          .refreshAfter(REFRESH_AFTER)
          .maxStaleness(MAX_STALENESS)
          .build();
  private final TokenVerifier bVerifier =
      TokenVerifier.builder("iss", ring, bStatuses).clock(clock).build();
  private final StatusFeedPoller bPoller =
      StatusFeedPoller.builder(bStore, bStatuses).pollInterval(POLL).maxLag(MAX_LAG).build();

  @AfterEach
  void close() {
    bPoller.close();
    a.close();
    aStatuses.close();
    bStatuses.close();
  }

  private CreatedToken createdAndSeenByB() {
    CreatedToken t = a.create(alice, CreateTokenRequest.named("t"));
    assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(t.record().id());
    return t;
  }

  private Reason reasonOnB(CreatedToken t) {
    DzAuthException e =
        catchThrowableOfType(DzAuthException.class, () -> bVerifier.verify(t.token()));
    assertThat(e).as("refused on B").isNotNull();
    return e.reason();
  }

  /** Polls on B every second for {@code seconds}, as B's poller thread would. */
  private void pollEverySecondFor(int seconds) {
    for (int i = 0; i < seconds; i++) {
      clock.advance(POLL);
      assertThat(bPoller.pollOnce()).isTrue();
    }
  }

  @Test
  void whileTheFeedIsFollowedAHotTokenCostsTheStoreNothingHoweverOldItsAnswer() {
    assertThat(bPoller.pollOnce()).isTrue();
    CreatedToken t = createdAndSeenByB();
    int lookups = bCounting.statusLookups.get();

    for (int minute = 0; minute < 60; minute++) {
      pollEverySecondFor(60);
      assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(t.record().id());
    }

    assertThat(bCounting.statusLookups.get())
        .as("status lookups in an hour of polls")
        .isEqualTo(lookups);
    assertThat(bStatuses.isAnchored()).isTrue();
    assertThat(bPoller.lag().anchored()).isTrue();
  }

  @Test
  void aChangeCommittedElsewhereIsAppliedByTheNextPoll() {
    assertThat(bPoller.pollOnce()).isTrue();
    CreatedToken t = createdAndSeenByB();
    String id = t.record().id();

    a.suspend(alice, id);
    clock.advance(POLL);
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(reasonOnB(t)).isEqualTo(Reason.SUSPENDED);

    a.activate(alice, id);
    clock.advance(POLL);
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(id);

    a.revoke(alice, id, "leaked");
    clock.advance(POLL);
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(reasonOnB(t)).isEqualTo(Reason.REVOKED);
  }

  @Test
  void whenPollsStopTheAnchorLapsesAfterMaxLagAndNoAnswerOlderThanRefreshAfterIsServed() {
    assertThat(bPoller.pollOnce()).isTrue();
    CreatedToken t = createdAndSeenByB();
    pollEverySecondFor(10); // last successful poll at t0 + 10 s; B's answer loaded at t0
    a.suspend(alice, t.record().id()); // no poll reads it: the poller is stuck from here on

    clock.advance(MAX_LAG);
    assertThat(bStatuses.isAnchored()).as("anchored at maxLag").isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(bStatuses.isAnchored()).as("anchored past maxLag").isFalse();
    assertThat(bPoller.lag().anchored()).isFalse();

    // Not anchored: the answer was last known exact at the last poll, 3.001 s ago, under
    // refreshAfter.
    assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(t.record().id());
    clock.advance(REFRESH_AFTER.minus(MAX_LAG));
    assertThat(reasonOnB(t)).as("read again past refreshAfter").isEqualTo(Reason.SUSPENDED);
  }

  @Test
  void whenTheStoreIsDownAnAnswerServesAtMostMaxStalenessAfterItWasLastKnownExactThenFailsClosed() {
    assertThat(bPoller.pollOnce()).isTrue();
    CreatedToken t = createdAndSeenByB();
    pollEverySecondFor(20); // known exact until the poll at t0 + 20 s
    bStore.setDown(true);
    assertThat(bPoller.pollOnce()).isFalse();

    clock.advance(MAX_STALENESS);
    assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(t.record().id());
    clock.advance(Duration.ofMillis(1));
    assertThat(reasonOnB(t)).isEqualTo(Reason.STORE_UNAVAILABLE);

    bStore.setDown(false);
    assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(t.record().id());
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(bStatuses.isAnchored()).isTrue();
  }

  @Test
  void aChangeThePollReadsWhileALoadIsInFlightWinsOverTheOlderAnswerOfTheLoad() throws Exception {
    assertThat(bPoller.pollOnce()).isTrue();
    CreatedToken t = a.create(alice, CreateTokenRequest.named("t"));
    CountDownLatch answer = new CountDownLatch(1);
    bCounting.pauseAfterRead = answer;
    CompletableFuture<Reason> verify = CompletableFuture.supplyAsync(() -> reasonOnB(t));
    assertThat(bCounting.readDone.await(5, TimeUnit.SECONDS)).as("B read ACTIVE").isTrue();

    a.suspend(alice, t.record().id());
    assertThat(bPoller.pollOnce()).isTrue(); // reads the suspension while B's load is in flight
    answer.countDown(); // the load now answers the ACTIVE it read before

    assertThat(verify.get(5, TimeUnit.SECONDS)).isEqualTo(Reason.SUSPENDED);
    assertThat(reasonOnB(t)).isEqualTo(Reason.SUSPENDED);
  }

  @Test
  void answersLoadedBeforeThePollerPositionedAreNotVouchedForByIt() {
    CreatedToken t = createdAndSeenByB(); // loaded before any poll
    a.revoke(alice, t.record().id(), "leaked");
    assertThat(bPoller.pollOnce()).isTrue(); // positions after the revocation: never reads it

    clock.advance(REFRESH_AFTER.plusMillis(1));
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(reasonOnB(t)).isEqualTo(Reason.REVOKED);
  }

  @Test
  void aPollerThatFindsEntriesPrunedBeforeItReadThemStopsVouchingForItsAnswers() {
    assertThat(bPoller.pollOnce()).isTrue();
    CreatedToken t = createdAndSeenByB();
    a.suspend(alice, t.record().id()); // entry 1
    shared.pruneStatusFeed(clock.instant().plusSeconds(1)); // gone before B read it
    CreatedToken other = a.create(alice, CreateTokenRequest.named("other"));
    a.suspend(alice, other.record().id()); // entry 2: B finds the gap

    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(bPoller.lag().gaps()).isEqualTo(1);

    clock.advance(REFRESH_AFTER.plusMillis(1));
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(reasonOnB(t)).isEqualTo(Reason.SUSPENDED);
  }

  @Test
  void aClosedPollerNoLongerAnchorsTheCache() {
    assertThat(bPoller.pollOnce()).isTrue();
    assertThat(bStatuses.isAnchored()).isTrue();

    bPoller.close();

    assertThat(bStatuses.isAnchored()).isFalse();
  }

  @Test
  void aTokenSignedWithTheKeyThatBorrowsAnotherOwnersJtiIsRefused() {
    CreatedToken victim = a.create(alice, CreateTokenRequest.named("victim"));
    Map<String, Object> claims = Tokens.claims("iss", clock.instant(), Duration.ofHours(1));
    claims.put("jti", victim.record().jti());
    claims.put("sub", "mallory");
    claims.put("business_id", "b1");
    String forged = Tokens.sign(key, Tokens.header(key), claims);

    DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> bVerifier.verify(forged));

    assertThat(e.reason()).isEqualTo(Reason.RECORD_MISMATCH);
    assertThat(e.reason().detail()).isEqualTo(Reason.INVALID_CLAIMS.detail());
    claims.put("sub", "alice");
    claims.put("business_id", "b2");
    String otherBusiness = Tokens.sign(key, Tokens.header(key), claims);
    assertThat(
            catchThrowableOfType(DzAuthException.class, () -> bVerifier.verify(otherBusiness))
                .reason())
        .isEqualTo(Reason.RECORD_MISMATCH);
  }

  @Test
  void builderRejectsAMaxLagNotLongerThanThePollInterval() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                StatusFeedPoller.builder(shared, bStatuses)
                    .pollInterval(Duration.ofSeconds(2))
                    .maxLag(Duration.ofSeconds(2))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLag");
  }

  /** Counts status lookups; can pause a lookup after it read the store, before it answers. */
  private static final class CountingStore extends ForwardingTokenStore {
    final AtomicInteger statusLookups = new AtomicInteger();
    volatile CountDownLatch pauseAfterRead;
    final CountDownLatch readDone = new CountDownLatch(1);

    CountingStore(TokenStore delegate) {
      super(delegate);
    }

    @Override
    public Map<String, VersionedStatus> statuses(Collection<String> jtis) throws Exception {
      statusLookups.incrementAndGet();
      Map<String, VersionedStatus> read = super.statuses(jtis);
      CountDownLatch pause = pauseAfterRead;
      if (pause != null) {
        pauseAfterRead = null;
        readDone.countDown();
        pause.await(5, TimeUnit.SECONDS);
      }
      return read;
    }

    @Override
    public VersionedStatus status(String jti) throws Exception {
      return statuses(java.util.List.of(jti)).get(jti);
    }
  }
}
