package dev.dzauth.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.OwnerChangeRequest;
import dev.dzauth.lifecycle.RolledToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.publish.StatusListPublisher.Published;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusList;
import dev.dzauth.status.StatusListIndex.ListInfo;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.StatusListToken;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The issuer's publisher over one store, through the token service: every change a token can go
 * through reaches its list entry at the next poll, the lists are signed as the draft says, and they
 * fail closed when the feed is not read. Time is a {@link MutableClock}, never a sleep.
 */
abstract class StatusListPublisherContract {

  /** A fresh, empty store. */
  abstract dev.dzauth.store.TokenStore openStore() throws Exception;

  /** A fresh index of lists of {@code listSize} beside {@code store}. */
  abstract dev.dzauth.status.StatusListIndex openIndex(
      dev.dzauth.store.TokenStore store, int listSize) throws Exception;

  void closeStore() throws Exception {}

  static final String BASE = "https://auth.example.com/statuslists";
  static final String ISSUER = "https://auth.example.com";
  static final int LIST_SIZE = 8;
  static final Set<String> SCOPES = Set.of("tokens:read", "tokens:write");

  private final MutableClock clock = MutableClock.at(Instant.parse("2030-01-01T00:00:00Z"));
  private final TokenKey key = TestKeys.es256();
  private final KeySetHolder keys = KeySetHolder.of(KeySet.of(key));
  private Switchable store;
  private dev.dzauth.status.StatusListIndex index;
  private StatusCache statuses;
  private StatusListPublisher publisher;
  private TokenService service;
  private final Caller alice = new Caller("alice", "b1", SCOPES);
  private final Caller bob = new Caller("bob", "b1", SCOPES);
  private final Caller carol = new Caller("carol", "b2", SCOPES);

  /** The in-memory store, whose statuses can answer "unknown" for chosen jtis. */
  static final class Switchable extends ForwardingTokenStore {
    final Set<String> hidden = new java.util.concurrent.CopyOnWriteArraySet<>();
    final AtomicBoolean failing = new AtomicBoolean();

    Switchable(dev.dzauth.store.TokenStore delegate) {
      super(delegate);
    }

    @Override
    public Map<String, VersionedStatus> statuses(Collection<String> jtis) throws Exception {
      check();
      Map<String, VersionedStatus> out = new HashMap<>(super.statuses(jtis));
      for (String jti : hidden) {
        if (out.containsKey(jti)) {
          out.put(jti, VersionedStatus.unknown());
        }
      }
      return out;
    }

    @Override
    public List<dev.dzauth.status.FeedEntry> changesSince(long after, int limit) throws Exception {
      check();
      return super.changesSince(after, limit);
    }

    private void check() throws Exception {
      if (failing.get()) {
        throw new java.sql.SQLException("down");
      }
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    dev.dzauth.store.TokenStore raw = openStore();
    store = new Switchable(raw);
    index = openIndex(raw, LIST_SIZE);
    statuses = StatusCache.builder(store).build();
    publisher = publisher(store);
    TokenMinter minter =
        TokenMinter.builder(ISSUER, keys).clock(clock).statusLists(publisher.allocator()).build();
    service = TokenService.builder(minter, store, statuses).clock(clock).build();
    publisher.pollOnce();
  }

  private StatusListPublisher publisher(dev.dzauth.store.TokenStore on) {
    return StatusListPublisher.builder(index, on, keys, BASE + "/")
        .clock(clock)
        .ticker(clock.ticker())
        .build();
  }

  @AfterEach
  void tearDown() throws Exception {
    service.close();
    statuses.close();
    publisher.close();
    closeStore();
  }

  private CreatedToken create(Caller caller) {
    return service.create(caller, new CreateTokenRequest("t", null, 30, null));
  }

  /** The list entry of {@code token} as published now, verified as a relying party would. */
  private int published(String token) {
    Map<?, ?> ref =
        (Map<?, ?>) ((Map<?, ?>) Tokens.payload(token).get("status")).get("status_list");
    String uri = (String) ref.get("uri");
    int idx = ((Number) ref.get("idx")).intValue();
    int list = Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1));
    return verified(publisher.published(list).orElseThrow(), uri).get(idx);
  }

  private StatusList verified(Published p, String uri) {
    StatusListToken token =
        StatusListToken.verifier()
            .clock(clock)
            .build()
            .verify(p.jwt(), uri, KeySet.parseJwkSet(keys.current().toPublicJwkSetJson(), null));
    return token.statusList();
  }

  @Test
  void everyNewTokenHasADenseEntryAndAFullListRollsOverToTheNext() {
    for (int i = 0; i < LIST_SIZE + 3; i++) {
      Map<?, ?> ref =
          (Map<?, ?>)
              ((Map<?, ?>) Tokens.payload(create(alice).token()).get("status")).get("status_list");
      int list = 1 + i / LIST_SIZE;
      assertThat(ref.get("uri")).isEqualTo(BASE + "/" + list);
      assertThat(((Number) ref.get("idx")).intValue()).isEqualTo(i % LIST_SIZE);
    }
    publisher.pollOnce();
    Published first = publisher.published(1).orElseThrow();
    assertThat(first.uri()).isEqualTo(BASE + "/1");
    assertThat(first.entries()).isEqualTo(LIST_SIZE);
    assertThat(first.bytes()).isEqualTo(LIST_SIZE * 2 / 8);
    assertThat(publisher.published(2)).isPresent();
    assertThat(publisher.published(3)).as("no such list").isEmpty();
    assertThat(publisher.published(0)).isEmpty();
  }

  @Test
  void revokeSuspendActivateAndDeleteReachTheEntryAtTheNextPoll() {
    CreatedToken t = create(alice);
    CreatedToken other = create(alice);
    assertThat(published(t.token())).isEqualTo(0);

    service.suspend(alice, t.record().id());
    assertThat(published(t.token())).as("before the poll").isEqualTo(0);
    publisher.pollOnce();
    assertThat(published(t.token())).isEqualTo(2);

    service.activate(alice, t.record().id());
    publisher.pollOnce();
    assertThat(published(t.token())).isEqualTo(0);

    service.revoke(alice, t.record().id(), "leaked");
    publisher.pollOnce();
    assertThat(published(t.token())).isEqualTo(1);

    service.delete(alice, other.record().id());
    publisher.pollOnce();
    assertThat(published(other.token())).isEqualTo(1);
  }

  @Test
  void aListBuiltAfterChangesStartsFromTheStoresStatusesInEffect() {
    CreatedToken revoked = create(alice);
    CreatedToken suspended = create(bob);
    CreatedToken ownerSuspended = create(carol);
    CreatedToken valid = create(alice);
    service.revoke(alice, revoked.record().id(), null);
    service.suspend(bob, suspended.record().id());
    service.changeOwner(
        "admin",
        new OwnerChangeRequest(OwnerScope.business("b2"), OwnerAction.SUSPEND, null, false));
    publisher.pollOnce(); // no list is built yet: nothing to apply
    assertThat(published(revoked.token())).isEqualTo(1);
    assertThat(published(suspended.token())).isEqualTo(2);
    assertThat(published(ownerSuspended.token())).isEqualTo(2);
    assertThat(published(valid.token())).isEqualTo(0);
  }

  @Test
  void ownerLevelChangesAreReflectedAndIndividualStatesShowAgainWhenTheOwnerIsActivated() {
    CreatedToken a1 = create(alice);
    CreatedToken a2 = create(alice);
    CreatedToken b1 = create(bob);
    CreatedToken c1 = create(carol);
    assertThat(published(a1.token())).isEqualTo(0);
    service.suspend(alice, a2.record().id());
    service.changeOwner(
        "admin",
        new OwnerChangeRequest(OwnerScope.business("b1"), OwnerAction.SUSPEND, null, false));
    publisher.pollOnce();
    assertThat(published(a1.token())).isEqualTo(2);
    assertThat(published(b1.token())).isEqualTo(2);
    assertThat(published(c1.token())).as("another business").isEqualTo(0);

    service.changeOwner(
        "admin",
        new OwnerChangeRequest(OwnerScope.business("b1"), OwnerAction.ACTIVATE, null, false));
    publisher.pollOnce();
    assertThat(published(a1.token())).isEqualTo(0);
    assertThat(published(a2.token())).as("suspended on its own").isEqualTo(2);
    assertThat(published(b1.token())).isEqualTo(0);

    service.changeOwner(
        "admin",
        new OwnerChangeRequest(OwnerScope.subject("b1", "bob"), OwnerAction.REVOKE, null, false));
    CreatedToken afterwards = create(bob);
    publisher.pollOnce();
    assertThat(published(b1.token())).isEqualTo(1);
    assertThat(published(a1.token())).isEqualTo(0);
    assertThat(published(afterwards.token())).as("created after the change").isEqualTo(0);
  }

  @Test
  void aRolledTokenBecomesInvalidWhenItsGracePeriodEndsWithoutAFeedEntry() {
    CreatedToken old = create(alice);
    assertThat(published(old.token())).isEqualTo(0);
    RolledToken rolled = service.roll(alice, old.record().id(), Duration.ofMinutes(10));
    publisher.pollOnce();
    assertThat(published(old.token())).as("inside the grace period").isEqualTo(0);
    assertThat(published(rolled.token())).isEqualTo(0);
    String etag = publisher.published(1).orElseThrow().etag();

    clock.advance(Duration.ofMinutes(10));
    publisher.pollOnce();
    assertThat(published(old.token())).isEqualTo(1);
    assertThat(published(rolled.token())).isEqualTo(0);
    assertThat(publisher.published(1).orElseThrow().etag()).isNotEqualTo(etag);
  }

  @Test
  void anImmediateRollIsInvalidAtOnce() {
    CreatedToken old = create(alice);
    assertThat(published(old.token())).isEqualTo(0);
    service.roll(alice, old.record().id(), Duration.ZERO);
    publisher.pollOnce();
    assertThat(published(old.token())).isEqualTo(1);
  }

  @Test
  void theTokenIsTheDraftsStatusListTokenAndIsSignedAgainOnlyOnChangeOrPerHalfValidity() {
    CreatedToken t = create(alice);
    Published p = publisher.published(1).orElseThrow();
    Map<String, Object> claims = Tokens.payload("dz_" + p.jwt());
    assertThat(claims)
        .containsEntry("sub", BASE + "/1")
        .containsEntry("ttl", 60L)
        .containsEntry("iat", p.issuedAt().getEpochSecond())
        .containsEntry("exp", p.expiresAt().getEpochSecond());
    Map<?, ?> list = (Map<?, ?>) claims.get("status_list");
    assertThat(list.get("bits")).isEqualTo(2L);
    assertThat(list.get("lst")).isInstanceOf(String.class);
    String header =
        new String(
            java.util.Base64.getUrlDecoder().decode(p.jwt().substring(0, p.jwt().indexOf('.'))),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(header).contains("\"typ\":\"statuslist+jwt\"").contains(key.id());
    assertThat(p.ttl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.expiresAt()).isEqualTo(p.issuedAt().plus(Duration.ofMinutes(10)));
    assertThat(p.etag()).startsWith("\"").endsWith("\"");
    assertThat(p.matches(p.etag())).isTrue();
    assertThat(p.matches("\"other\", " + p.etag())).isTrue();
    assertThat(p.matches("W/" + p.etag())).isTrue();
    assertThat(p.matches("*")).isTrue();
    assertThat(p.matches("\"other\"")).isFalse();
    assertThat(p.matches(null)).isFalse();

    clock.advance(Duration.ofSeconds(30));
    publisher.pollOnce();
    assertThat(publisher.published(1).orElseThrow()).as("no change: the same token").isSameAs(p);

    service.revoke(alice, t.record().id(), null);
    publisher.pollOnce();
    Published changed = publisher.published(1).orElseThrow();
    assertThat(changed.etag()).isNotEqualTo(p.etag());
    assertThat(changed.issuedAt()).isEqualTo(clock.instant());

    clock.advance(Duration.ofMinutes(5)); // the next half-validity window
    publisher.pollOnce();
    Published resigned = publisher.published(1).orElseThrow();
    assertThat(resigned.etag()).isNotEqualTo(changed.etag());
    assertThat(resigned.issuedAt()).isAfter(changed.issuedAt());
    assertThat(resigned.issuedAt().toEpochMilli() % Duration.ofMinutes(5).toMillis())
        .as("iat at the window's start")
        .isZero();
  }

  @Test
  void twoInstancesWithTheSameContentAnswerTheSameClaimsAndETag() {
    create(alice);
    clock.advance(Duration.ofMinutes(5)); // a window with no change
    StatusListPublisher other = publisher(store);
    try {
      publisher.pollOnce();
      other.pollOnce();
      Published mine = publisher.published(1).orElseThrow();
      Published theirs = other.published(1).orElseThrow();
      assertThat(theirs.etag()).isEqualTo(mine.etag());
      assertThat(theirs.issuedAt()).isEqualTo(mine.issuedAt());
      assertThat(theirs.jwt().substring(0, theirs.jwt().lastIndexOf('.')))
          .isEqualTo(mine.jwt().substring(0, mine.jwt().lastIndexOf('.')));
    } finally {
      other.close();
    }
  }

  @Test
  void aRotatedSigningKeySignsTheNextAnswer() {
    create(alice);
    Published before = publisher.published(1).orElseThrow();
    TokenKey next = TokenKey.generate(SignatureAlgorithm.ES256, "next");
    keys.replace(keys.current().rotateTo(next));
    Published after = publisher.published(1).orElseThrow();
    assertThat(after.etag()).isNotEqualTo(before.etag());
    assertThat(after.jwt()).isNotEqualTo(before.jwt());
    assertThat(
            StatusListToken.verifier()
                .clock(clock)
                .build()
                .verify(after.jwt(), BASE + "/1", KeySet.verificationOnly(next.toPublicKey())))
        .isNotNull();
  }

  @Test
  void listsFailClosedWhenTheFeedIsNotReadWithinTheMaxLag() {
    create(alice);
    assertThat(publisher.published(1)).isPresent();
    clock.advance(Duration.ofSeconds(3).plusMillis(1)); // past poll interval + 2 s
    DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> publisher.published(1));
    assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);

    store.failing.set(true);
    assertThat(publisher.pollOnce()).isFalse();
    assertThatThrownBy(() -> publisher.published(1)).isInstanceOf(DzAuthException.class);
    store.failing.set(false);
    assertThat(publisher.pollOnce()).isTrue();
    assertThat(publisher.published(1)).isPresent();
  }

  @Test
  void aNewPublisherServesNothingBeforeItsFirstPoll() {
    StatusListPublisher fresh = publisher(store);
    DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> fresh.published(1));
    assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
    fresh.close();
  }

  @Test
  void aFeedGapDropsTheBuiltListsAndTheyAreBuiltAgainRight() throws Exception {
    CreatedToken t = create(alice);
    assertThat(published(t.token())).isEqualTo(0);
    service.revoke(alice, t.record().id(), null);
    clock.advance(Duration.ofMinutes(1));
    store.pruneStatusFeed(clock.instant());
    CreatedToken u = create(alice);
    service.suspend(alice, u.record().id());
    publisher.pollOnce();
    assertThat(publisher.stats().gaps()).isEqualTo(1);
    assertThat(published(t.token())).isEqualTo(1);
    assertThat(published(u.token())).isEqualTo(2);
  }

  @Test
  void aTokenUnknownWhenItsOwnerChangedIsAskedAgainUntilTheStoreKnowsIt() {
    CreatedToken t = create(carol);
    assertThat(published(t.token())).isEqualTo(0);
    store.hidden.add(t.record().jti()); // as if its record were not committed yet
    service.changeOwner(
        "admin",
        new OwnerChangeRequest(OwnerScope.business("b2"), OwnerAction.SUSPEND, null, false));
    publisher.pollOnce();
    assertThat(published(t.token())).isEqualTo(0);
    store.hidden.clear(); // committed now
    publisher.pollOnce();
    assertThat(published(t.token())).isEqualTo(2);
  }

  @Test
  void theBuilderChecksItsOptions() {
    assertThatThrownBy(() -> StatusListPublisher.builder(index, store, keys, "ftp://x/y").build())
        .hasMessageContaining("statusListBaseUri");
    assertThatThrownBy(
            () -> StatusListPublisher.builder(index, store, keys, "https://x/y?q=1").build())
        .hasMessageContaining("statusListBaseUri");
    assertThatThrownBy(
            () ->
                StatusListPublisher.builder(index, store, keys, BASE)
                    .ttl(Duration.ofMinutes(6))
                    .build())
        .hasMessageContaining("validity");
    assertThatThrownBy(
            () -> StatusListPublisher.builder(index, store, keys, BASE).ttl(Duration.ZERO))
        .hasMessageStartingWith("ttl");
    assertThat(StatusListPublisher.builder(index, store, keys, BASE + "///").build().uri(7))
        .isEqualTo(BASE + "/7");
  }

  @Test
  void aStoreFailureWhileAllocatingMintsNoToken() throws Exception {
    dev.dzauth.status.StatusListIndex failing =
        new dev.dzauth.status.StatusListIndex() {
          @Override
          public dev.dzauth.status.StatusListEntry allocate(String jti, String s, String b)
              throws Exception {
            throw new java.sql.SQLException("down");
          }

          @Override
          public Map<String, dev.dzauth.status.StatusListEntry> entries(Collection<String> jtis) {
            return Map.of();
          }

          @Override
          public List<dev.dzauth.status.StatusListEntry> entriesOf(
              OwnerScope owner, long after, int limit) {
            return List.of();
          }

          @Override
          public List<dev.dzauth.status.StatusListEntry> entriesIn(int l, int after, int limit) {
            return List.of();
          }

          @Override
          public List<ListInfo> lists() {
            return List.of();
          }

          @Override
          public int listSize() {
            return 4;
          }
        };
    StatusListPublisher broken = StatusListPublisher.builder(failing, store, keys, BASE).build();
    TokenMinter minter =
        TokenMinter.builder(ISSUER, keys).clock(clock).statusLists(broken.allocator()).build();
    try (TokenService failingService = TokenService.builder(minter, store, statuses).build()) {
      DzAuthException e =
          catchThrowableOfType(
              DzAuthException.class,
              () -> failingService.create(alice, CreateTokenRequest.named("x")));
      assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
      assertThat(store.count("alice", "b1", true)).isZero();
    }
    broken.close();
  }
}
