package dev.dzauth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.store.TokenStore;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 10, defects 1 to 3: each test failed on the unordered status cache it replaced. */
final class StatusOrderingRegressionTests {

  private final KeySetHolder ring =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryTokenStore shared = new InMemoryTokenStore();
  private final HookedStore hooked = new HookedStore(shared);
  private final TokenMinter minter = TokenMinter.builder("iss", ring).clock(clock).build();
  private final Caller alice = new Caller("alice", "b1", Set.of("tokens:write"));

  private final StatusCache aStatuses = StatusCache.builder(hooked).ticker(clock.ticker()).build();
  private final TokenService a =
      TokenService.builder(minter, hooked, aStatuses).clock(clock).build();
  private final TokenVerifier aVerifier =
      TokenVerifier.builder("iss", ring, aStatuses).clock(clock).build();
  private final StatusFeedPoller aPoller = StatusFeedPoller.builder(hooked, aStatuses).build();

  private final SlowStatusStore bLatency = new SlowStatusStore(shared);
  private final StatusCache bStatuses =
      StatusCache.builder(bLatency).ticker(clock.ticker()).build();
  private final TokenService b =
      TokenService.builder(minter, shared, bStatuses).clock(clock).build();
  private final TokenVerifier bVerifier =
      TokenVerifier.builder("iss", ring, bStatuses).clock(clock).build();

  @AfterEach
  void close() {
    aPoller.close();
    a.close();
    b.close();
    aStatuses.close();
    bStatuses.close();
  }

  /**
   * Defect 1: a poll reads an older ACTIVE entry, the owner then suspends and writes SUSPENDED
   * through, and the poll applies the older ACTIVE afterwards.
   */
  @Test
  void aSuspensionOnTheOwningInstanceIsNotUndoneByAnOlderFeedEntryAppliedAfterIt() {
    CreatedToken t = a.create(alice, CreateTokenRequest.named("t"));
    String id = t.record().id();
    assertThat(aPoller.pollOnce()).isTrue();
    a.suspend(alice, id);
    a.activate(alice, id); // the feed now ends with ACTIVE
    hooked.afterFeedRead = () -> a.suspend(alice, id); // acknowledged before the poll applies

    assertThat(aPoller.pollOnce()).isTrue();

    assertThat(reasonOf(() -> aVerifier.verify(t.token()))).isEqualTo(Reason.SUSPENDED);
  }

  /** Defect 2: revoking on B a token already revoked on A answers, but B kept accepting it. */
  @Test
  void repeatingOnThisInstanceAChangeMadeElsewhereAppliesItHereAtOnce() {
    CreatedToken t = a.create(alice, CreateTokenRequest.named("t"));
    String id = t.record().id();
    assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(id); // cached ACTIVE on B
    a.revoke(alice, id, "leaked");

    TokenRecord answered = b.revoke(alice, id, "again");

    assertThat(answered.state()).isEqualTo(TokenStatus.REVOKED);
    assertThat(reasonOf(() -> bVerifier.verify(t.token()))).isEqualTo(Reason.REVOKED);
  }

  /** The same for a suspension repeated on B. */
  @Test
  void repeatingASuspensionMadeElsewhereAppliesItHereAtOnce() {
    CreatedToken t = a.create(alice, CreateTokenRequest.named("t"));
    String id = t.record().id();
    assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(id);
    a.suspend(alice, id);

    b.suspend(alice, id);

    assertThat(reasonOf(() -> bVerifier.verify(t.token()))).isEqualTo(Reason.SUSPENDED);
  }

  /**
   * Defect 3: with no feed, a lightly used token revoked elsewhere must be refused once its answer
   * is older than refreshAfter (default 5 s): the first use after that asks the store.
   */
  @Test
  void withNoFeedARevocationElsewhereIsRefusedOnceTheAnswerIsOlderThanRefreshAfter() {
    CreatedToken t = a.create(alice, CreateTokenRequest.named("t"));
    assertThat(bVerifier.verify(t.token()).tokenId()).isEqualTo(t.record().id());
    a.revoke(alice, t.record().id(), "leaked");
    bLatency.queryMillis = 50; // a real query takes time: an asynchronous refresh is not back yet

    clock.advance(Duration.ofSeconds(5).plusMillis(1));

    assertThat(reasonOf(() -> bVerifier.verify(t.token()))).isEqualTo(Reason.REVOKED);
  }

  private static Reason reasonOf(Runnable call) {
    DzAuthException e = catchThrowableOfType(DzAuthException.class, call::run);
    assertThat(e).as("refused").isNotNull();
    return e.reason();
  }

  /** Answers status lookups from a store after a set latency, like a query over a network. */
  private static final class SlowStatusStore implements dev.dzauth.status.TokenStatusStore {
    private final TokenStore d;
    volatile long queryMillis;

    SlowStatusStore(TokenStore d) {
      this.d = d;
    }

    @Override
    public VersionedStatus status(String jti) throws Exception {
      Thread.sleep(queryMillis);
      return d.status(jti);
    }
  }

  /** Forwards to a store and runs a hook once, right after a feed read returns its rows. */
  private static final class HookedStore extends ForwardingTokenStore {
    volatile @Nullable Runnable afterFeedRead;

    HookedStore(TokenStore d) {
      super(d);
    }

    @Override
    public List<FeedEntry> changesSince(long after, int limit) throws Exception {
      List<FeedEntry> read = super.changesSince(after, limit);
      Runnable hook = afterFeedRead;
      afterFeedRead = null;
      if (hook != null) {
        hook.run();
      }
      return read;
    }
  }
}
