package dev.dzauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.DzAuthException.Violation;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.EffectiveStatus;
import dev.dzauth.lifecycle.EffectiveStatus.AvailableActions;
import dev.dzauth.lifecycle.ListQuery;
import dev.dzauth.lifecycle.OwnerChangeRequest;
import dev.dzauth.lifecycle.OwnerChangeResult;
import dev.dzauth.lifecycle.RolledToken;
import dev.dzauth.lifecycle.TokenPage;
import dev.dzauth.lifecycle.TokenPolicy;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusChange;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every lifecycle rule, through {@link TokenService}, against one {@link TokenStore}. Subclasses
 * name the store; each test works with owners of its own, so a store can be shared by the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TokenLifecycleContract {

  private static final Set<String> SCOPES = Set.of("tokens:read", "tokens:write", "billing:read");

  private final KeySetHolder ring =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k1")));
  private TokenStore rawStore;
  private SwitchableTokenStore store;
  private MutableClock clock;
  private StatusCache statuses;
  private TokenMinter minter;
  private TokenVerifier verifier;
  private TokenService service;
  private final List<TokenService> extraServices = new ArrayList<>();
  private Caller alice;
  private Caller bob;
  private Caller aliceElsewhere;

  /** The store under test, opened once per class. */
  abstract TokenStore openStore() throws Exception;

  /** Releases what {@link #openStore()} opened. */
  void closeStore() throws Exception {}

  @BeforeAll
  final void openStoreOnce() throws Exception {
    rawStore = openStore();
  }

  @AfterAll
  final void closeStoreOnce() throws Exception {
    if (rawStore != null) {
      rawStore.close();
    }
    closeStore();
  }

  @BeforeEach
  final void stack() {
    store = new SwitchableTokenStore(rawStore);
    clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    statuses = StatusCache.builder(store).build();
    minter = TokenMinter.builder("https://issuer.test", ring).clock(clock).build();
    verifier = TokenVerifier.builder("https://issuer.test", ring, statuses).clock(clock).build();
    service = service(TokenPolicy.defaults());
    String run = UUID.randomUUID().toString();
    String business = "biz-" + run;
    alice = new Caller("alice-" + run, business, SCOPES);
    bob = new Caller("bob-" + run, business, SCOPES);
    aliceElsewhere = new Caller(alice.subject(), "other-" + run, SCOPES);
  }

  private TokenService service(TokenPolicy policy) {
    TokenService s =
        TokenService.builder(minter, store, statuses)
            .policy(policy)
            .clock(clock)
            .lastUsedFlushInterval(Duration.ofHours(1))
            .build();
    extraServices.add(s);
    return s;
  }

  @AfterEach
  final void closeStack() {
    extraServices.forEach(TokenService::close);
    extraServices.clear();
    statuses.close();
  }

  // ---- status feed ----

  @Test
  void pruneStatusFeedRemovesOldEntriesAndSequencesCarryOn() throws Exception {
    TokenRecord a = service.create(alice, CreateTokenRequest.named("a")).record();
    service.suspend(alice, a.id());
    clock.advance(Duration.ofHours(2));
    service.activate(alice, a.id());
    long latest = rawStore.latestSequence();

    long removed = rawStore.pruneStatusFeed(clock.instant().minus(Duration.ofHours(1)));

    assertThat(removed).isPositive();
    assertThat(rawStore.changesSince(latest - 1, 10))
        .extracting(FeedEntry::sequence)
        .containsExactly(latest);
    assertThat(tokenChanges(rawStore.changesSince(0, 100_000)))
        .noneMatch(c -> c.jti().equals(a.jti()) && c.status() == TokenStatus.SUSPENDED);
    service.suspend(alice, a.id());
    assertThat(rawStore.changesSince(latest, 10))
        .extracting(FeedEntry::sequence)
        .containsExactly(latest + 1);
  }

  // ---- create ----

  @Test
  void createReturnsTheTokenOnceAndStoresItsRecord() throws Exception {
    CreatedToken created =
        service.create(alice, new CreateTokenRequest("ci", "deploys", 30, Set.of("tokens:read")));
    TokenRecord r = created.record();

    assertThat(created.token()).startsWith("dz_");
    assertThat(created.toString()).doesNotContain(created.token());
    assertThat(r.name()).isEqualTo("ci");
    assertThat(r.description()).isEqualTo("deploys");
    assertThat(r.scopes()).containsExactly("tokens:read");
    assertThat(r.createdBy()).isEqualTo(alice.subject());
    assertThat(r.businessId()).isEqualTo(alice.businessId());
    assertThat(r.expiresAt()).isEqualTo(r.createdAt().plus(Duration.ofDays(30)));
    assertThat(r.tokenPrefix()).startsWith("dz_");
    assertThat(rawStore.findById(r.id())).contains(r);
    assertThat(service.get(alice, r.id())).isEqualTo(r);
    assertThat(verifier.verify(created.token()).tokenId()).isEqualTo(r.id());
  }

  @Test
  void createWhenNameMissingEmptyOrTooLongThenNameViolation() {
    assertViolation(
        () -> service.create(alice, new CreateTokenRequest(null, null, 1, null)),
        List.of("body", "name"),
        "missing");
    assertViolation(
        () -> service.create(alice, CreateTokenRequest.named("")),
        List.of("body", "name"),
        "string_too_short");
    assertViolation(
        () -> service.create(alice, CreateTokenRequest.named("x".repeat(256))),
        List.of("body", "name"),
        "string_too_long");
    assertThat(service.create(alice, CreateTokenRequest.named("x".repeat(255))).record().name())
        .hasSize(255);
  }

  @Test
  void createWhenDescriptionTooLongThenDescriptionViolation() {
    String tooLong = "d".repeat(TokenService.MAX_DESCRIPTION_LENGTH + 1);
    assertViolation(
        () -> service.create(alice, new CreateTokenRequest("n", tooLong, 1, null)),
        List.of("body", "description"),
        "string_too_long");
    String longest = "d".repeat(TokenService.MAX_DESCRIPTION_LENGTH);
    assertThat(
            service
                .create(alice, new CreateTokenRequest("n", longest, 1, null))
                .record()
                .description())
        .isEqualTo(longest);
  }

  @Test
  void createWhenExpiresInDaysOutOfRangeThenViolation() {
    List<Object> loc = List.of("body", "expires_in_days");
    assertViolation(
        () -> service.create(alice, new CreateTokenRequest("n", null, 0, null)),
        loc,
        "greater_than_equal");
    assertViolation(
        () -> service.create(alice, new CreateTokenRequest("n", null, 366, null)),
        loc,
        "less_than_equal");
    TokenRecord year = service.create(alice, new CreateTokenRequest("n", null, 365, null)).record();
    assertThat(year.expiresAt()).isEqualTo(year.createdAt().plus(Duration.ofDays(365)));
  }

  @Test
  void createWhenExpiresInDaysNullThenNeverExpiresUnlessPolicyForbidsIt() throws Exception {
    TokenRecord forever =
        service.create(alice, new CreateTokenRequest("n", null, null, null)).record();
    assertThat(forever.expiresAt()).isNull();
    assertThat(rawStore.findById(forever.id()).orElseThrow().expiresAt()).isNull();

    TokenService strict = service(new TokenPolicy(false, 30));
    assertViolation(
        () -> strict.create(alice, new CreateTokenRequest("n", null, null, null)),
        List.of("body", "expires_in_days"),
        "value_error");
    assertViolation(
        () -> strict.create(alice, new CreateTokenRequest("n", null, 31, null)),
        List.of("body", "expires_in_days"),
        "less_than_equal");
    assertThat(
            strict.create(alice, new CreateTokenRequest("n", null, 30, null)).record().expiresAt())
        .isNotNull();
  }

  @Test
  void createWhenScopeCallerLacksThenInsufficientScope() {
    assertReason(
        () -> service.create(alice, new CreateTokenRequest("n", null, 1, Set.of("admin"))),
        Reason.INSUFFICIENT_SCOPE);
    assertReason(
        () ->
            service.create(
                alice, new CreateTokenRequest("n", null, 1, Set.of("tokens:read", "admin"))),
        Reason.INSUFFICIENT_SCOPE);
    assertThat(service.create(alice, CreateTokenRequest.named("all")).record().scopes())
        .isEqualTo(SCOPES);
  }

  // ---- ownership, get ----

  @Test
  void anotherUsersOrBusinesssTokenIsNotFound() {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("mine"));
    String id = created.record().id();
    for (Caller stranger : List.of(bob, aliceElsewhere)) {
      assertReason(() -> service.get(stranger, id), Reason.NOT_FOUND);
      assertReason(() -> service.revoke(stranger, id, null), Reason.NOT_FOUND);
      assertReason(() -> service.suspend(stranger, id), Reason.NOT_FOUND);
      assertReason(() -> service.activate(stranger, id), Reason.NOT_FOUND);
      assertReason(() -> service.delete(stranger, id), Reason.NOT_FOUND);
      assertThat(service.list(stranger, query(SortField.CREATED_AT, true, null, false)).items())
          .isEmpty();
    }
    assertThat(verifier.verify(created.token()).tokenId()).isEqualTo(id);
    assertThat(service.get(alice, id).state()).isEqualTo(TokenStatus.ACTIVE);
  }

  @Test
  void getUnknownOrOverlongIdIsNotFound() {
    assertReason(() -> service.get(alice, UUID.randomUUID().toString()), Reason.NOT_FOUND);
    assertReason(() -> service.get(alice, "x".repeat(500)), Reason.NOT_FOUND);
  }

  @Test
  void idsMatchExactlySoANonAsciiOrPaddedIdIsNotFound() {
    String id = service.create(alice, CreateTokenRequest.named("mine")).record().id();

    for (String other : List.of("\u00e9", id + "\u00e9", id + " ", id + "  ", " " + id)) {
      assertReason(() -> service.get(alice, other), Reason.NOT_FOUND);
      assertReason(() -> service.revoke(alice, other, null), Reason.NOT_FOUND);
      assertReason(() -> service.suspend(alice, other), Reason.NOT_FOUND);
      assertReason(() -> service.delete(alice, other), Reason.NOT_FOUND);
    }
    assertThat(service.get(alice, id).state()).isEqualTo(TokenStatus.ACTIVE);
  }

  @Test
  void ownersMatchExactlySoAPaddedSubjectOrBusinessListsAndCountsOnlyItsOwn() {
    Caller paddedSubject = new Caller(alice.subject() + " ", alice.businessId(), SCOPES);
    Caller paddedBusiness = new Caller(alice.subject(), alice.businessId() + "  ", SCOPES);
    service.create(alice, CreateTokenRequest.named("a1"));
    service.create(alice, CreateTokenRequest.named("a2"));
    String padded = service.create(paddedSubject, CreateTokenRequest.named("p1")).record().id();
    ListQuery counted = new ListQuery(false, null, 10, false, true, SortField.CREATED_AT, true);

    TokenPage own = service.list(alice, counted);
    TokenPage ofPadded = service.list(paddedSubject, counted);
    TokenPage ofPaddedBusiness = service.list(paddedBusiness, counted);

    assertThat(own.items()).extracting(TokenRecord::name).containsExactlyInAnyOrder("a1", "a2");
    assertThat(own.total()).isEqualTo(2);
    assertThat(ofPadded.items()).extracting(TokenRecord::id).containsExactly(padded);
    assertThat(ofPadded.total()).isEqualTo(1);
    assertThat(ofPaddedBusiness.items()).isEmpty();
    assertThat(ofPaddedBusiness.total()).isZero();
  }

  // ---- revoke ----

  @Test
  void revokeIsIrreversibleAndIdempotentKeepingTheFirstTimeAndReason() {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("leaky"));
    String id = created.record().id();
    verifier.verify(created.token());

    TokenRecord first = service.revoke(alice, id, "leaked");
    clock.advance(Duration.ofMinutes(5));
    TokenRecord again = service.revoke(alice, id, "other reason");

    assertThat(first.state()).isEqualTo(TokenStatus.REVOKED);
    assertThat(first.revokedAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    assertThat(first.revokedBy()).isEqualTo(alice.subject());
    assertThat(again.revokedAt()).isEqualTo(first.revokedAt());
    assertThat(again.revocationReason()).isEqualTo("leaked");
    assertReason(() -> verifier.verify(created.token()), Reason.REVOKED);
    assertReason(() -> service.activate(alice, id), Reason.INVALID_STATE);
    assertReason(() -> service.suspend(alice, id), Reason.INVALID_STATE);
    assertThat(ids(service.list(alice, query(SortField.CREATED_AT, true, null, false))))
        .doesNotContain(id);
    assertThat(
            ids(
                service.list(
                    alice,
                    new ListQuery(true, null, 50, false, false, SortField.CREATED_AT, true))))
        .contains(id);
  }

  @Test
  void revokeWhenReasonTooLongThenViolation() {
    String id = service.create(alice, CreateTokenRequest.named("t")).record().id();
    assertViolation(
        () -> service.revoke(alice, id, "r".repeat(TokenService.MAX_REASON_LENGTH + 1)),
        List.of("body", "reason"),
        "string_too_long");
    assertThat(service.get(alice, id).state()).isEqualTo(TokenStatus.ACTIVE);
  }

  // ---- suspend / activate ----

  @Test
  void suspendThenActivateAreReversibleAndRepeatsAreNoOps() {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("pausable"));
    String id = created.record().id();

    clock.advance(Duration.ofSeconds(10));
    TokenRecord suspended = service.suspend(alice, id);
    assertThat(suspended.state()).isEqualTo(TokenStatus.SUSPENDED);
    assertReason(() -> verifier.verify(created.token()), Reason.SUSPENDED);
    clock.advance(Duration.ofSeconds(10));
    assertThat(service.suspend(alice, id)).isEqualTo(suspended);

    TokenRecord active = service.activate(alice, id);
    assertThat(active.state()).isEqualTo(TokenStatus.ACTIVE);
    assertThat(active.updatedAt()).isAfter(suspended.updatedAt());
    assertThat(verifier.verify(created.token()).tokenId()).isEqualTo(id);
    assertThat(service.activate(alice, id)).isEqualTo(active);
  }

  @Test
  void suspendOrActivateAnExpiredTokenIsAConflict() {
    CreatedToken created = service.create(alice, new CreateTokenRequest("short", null, 1, null));
    String id = created.record().id();
    clock.advance(Duration.ofDays(2));

    assertThat(EffectiveStatus.of(service.get(alice, id), clock.instant()))
        .isEqualTo(EffectiveStatus.EXPIRED);
    assertReason(() -> service.suspend(alice, id), Reason.INVALID_STATE);
    assertReason(() -> service.activate(alice, id), Reason.INVALID_STATE);
    assertReason(() -> verifier.verify(created.token()), Reason.EXPIRED);
  }

  // ---- delete ----

  @Test
  void deleteRemovesTheTokenFromListsGetAndVerification() throws Exception {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("doomed"));
    String id = created.record().id();
    verifier.verify(created.token());
    String revokedId = service.create(alice, CreateTokenRequest.named("revoked")).record().id();
    service.revoke(alice, revokedId, null);

    service.delete(alice, id);
    service.delete(alice, revokedId);

    assertReason(() -> service.get(alice, id), Reason.NOT_FOUND);
    assertReason(() -> service.delete(alice, id), Reason.NOT_FOUND);
    assertReason(() -> service.revoke(alice, id, null), Reason.NOT_FOUND);
    assertReason(() -> verifier.verify(created.token()), Reason.DELETED);
    assertThat(
            ids(
                service.list(
                    alice, new ListQuery(true, null, 50, false, true, SortField.NAME, false))))
        .doesNotContain(id, revokedId);
    assertThat(
            service
                .list(alice, new ListQuery(true, null, 50, false, true, SortField.NAME, false))
                .total())
        .isZero();
    assertThat(rawStore.status(created.record().jti()).status()).isEqualTo(TokenStatus.DELETED);
  }

  // ---- status, available actions ----

  @Test
  void statusAndAvailableActionsFollowTheState() {
    TokenRecord active = service.create(alice, new CreateTokenRequest("a", null, 1, null)).record();
    TokenRecord suspended =
        service.suspend(alice, service.create(alice, CreateTokenRequest.named("s")).record().id());
    TokenRecord revoked =
        service.revoke(
            alice, service.create(alice, CreateTokenRequest.named("r")).record().id(), null);
    Instant now = clock.instant();

    assertThat(EffectiveStatus.of(active, now)).isEqualTo(EffectiveStatus.ACTIVE);
    assertThat(EffectiveStatus.of(active, now).availableActions())
        .isEqualTo(new AvailableActions(false, true, true, true));
    assertThat(EffectiveStatus.of(suspended, now)).isEqualTo(EffectiveStatus.SUSPENDED);
    assertThat(EffectiveStatus.of(suspended, now).availableActions())
        .isEqualTo(new AvailableActions(true, false, true, true));
    assertThat(EffectiveStatus.of(revoked, now)).isEqualTo(EffectiveStatus.REVOKED);
    assertThat(EffectiveStatus.of(revoked, now).availableActions())
        .isEqualTo(new AvailableActions(false, false, false, true));
    Instant later = now.plus(Duration.ofDays(2));
    assertThat(EffectiveStatus.of(service.get(alice, active.id()), later))
        .isEqualTo(EffectiveStatus.EXPIRED);
    assertThat(EffectiveStatus.EXPIRED.availableActions())
        .isEqualTo(new AvailableActions(false, false, true, true));
  }

  // ---- the status feed ----

  @Test
  void everyStatusChangeIsAppendedToTheFeedInOrderAndNoOpsAreNot() throws Exception {
    long before = rawStore.latestSequence();
    TokenRecord r = service.create(alice, CreateTokenRequest.named("fed")).record();
    service.suspend(alice, r.id());
    service.suspend(alice, r.id());
    service.activate(alice, r.id());
    service.revoke(alice, r.id(), "x");
    service.revoke(alice, r.id(), "y");
    service.delete(alice, r.id());

    List<StatusChange> mine =
        tokenChanges(rawStore.changesSince(before, 1000)).stream()
            .filter(c -> c.tokenId().equals(r.id()))
            .toList();
    assertThat(mine)
        .extracting(StatusChange::status)
        .containsExactly(
            TokenStatus.SUSPENDED, TokenStatus.ACTIVE, TokenStatus.REVOKED, TokenStatus.DELETED);
    assertThat(mine).allMatch(c -> c.jti().equals(r.jti()) && c.sequence() > before);
    assertThat(mine).extracting(StatusChange::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(rawStore.latestSequence()).isGreaterThanOrEqualTo(mine.get(3).sequence());
  }

  @Test
  void concurrentChangesGetGapFreeSequencesThatAReaderSeesInOrder() throws Exception {
    List<TokenRecord> records = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      records.add(service.create(alice, CreateTokenRequest.named("c" + i)).record());
    }
    long before = rawStore.latestSequence();
    List<Long> seenByReader = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Thread reader =
        new Thread(
            () -> {
              long last = before;
              while ((writing.get() || last < before + 48) && System.nanoTime() < deadline) {
                try {
                  for (FeedEntry c : rawStore.changesSince(last, 7)) {
                    seenByReader.add(c.sequence());
                    last = c.sequence();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
            });
    reader.setDaemon(true);
    reader.start();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (TokenRecord r : records) {
        done.add(
            pool.submit(
                () -> {
                  service.suspend(alice, r.id());
                  service.activate(alice, r.id());
                  service.revoke(alice, r.id(), null);
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      writing.set(false);
      pool.shutdown();
    }
    reader.join(30_000);

    List<Long> expected =
        java.util.stream.LongStream.rangeClosed(before + 1, before + 48).boxed().toList();
    assertThat(seenByReader).isEqualTo(expected);
  }

  // ---- last used ----

  @Test
  void lastUsesAreWrittenInOneBatchPerFlushAndOnClose() throws Exception {
    CreatedToken a = service.create(alice, CreateTokenRequest.named("a"));
    CreatedToken b = service.create(alice, CreateTokenRequest.named("b"));
    for (int i = 0; i < 200; i++) {
      service.recordUse(verifier.verify((i % 2 == 0 ? a : b).token()));
    }
    clock.advance(Duration.ofSeconds(3));
    service.recordUse(verifier.verify(a.token()));
    assertThat(store.lastUsedCalls).hasValue(0);

    service.flushLastUsed();
    service.flushLastUsed();

    assertThat(store.lastUsedCalls).hasValue(1);
    assertThat(service.get(alice, a.record().id()).lastUsedAt()).isEqualTo(clock.instant());
    assertThat(service.get(alice, b.record().id()).lastUsedAt())
        .isEqualTo(clock.instant().minusSeconds(3));

    clock.advance(Duration.ofSeconds(7));
    service.recordUse(verifier.verify(b.token()));
    service.close();
    assertThat(store.lastUsedCalls).hasValue(2);
    assertThat(rawStore.findById(b.record().id()).orElseThrow().lastUsedAt())
        .isEqualTo(clock.instant());
  }

  @Test
  void lastUsedNeverMovesBackwards() throws Exception {
    TokenRecord r = service.create(alice, CreateTokenRequest.named("t")).record();
    Instant late = clock.instant().plusSeconds(60);
    rawStore.recordLastUsed(Map.of(r.id(), late));
    rawStore.recordLastUsed(Map.of(r.id(), late.minusSeconds(30), "no-such-id", late));
    assertThat(rawStore.findById(r.id()).orElseThrow().lastUsedAt()).isEqualTo(late);
  }

  // ---- pagination ----

  @Test
  void listWalksAThousandTokensBothWaysUnderEverySortWhileTokensAreInserted() throws Exception {
    Random random = new Random(42);
    Set<String> owned = new HashSet<>();
    Map<String, Instant> lastUses = new HashMap<>();
    Instant base = clock.instant();
    for (int i = 0; i < 1000; i++) {
      if (random.nextBoolean()) {
        clock.advance(Duration.ofSeconds(1));
      }
      Integer days = i % 4 == 0 ? null : 1 + random.nextInt(365);
      TokenRecord r =
          service
              .create(alice, new CreateTokenRequest("token-" + (i % 300), null, days, null))
              .record();
      owned.add(r.id());
      if (i % 3 == 0) {
        lastUses.put(r.id(), base.plusSeconds(random.nextInt(100)));
      }
    }
    rawStore.recordLastUsed(lastUses);
    int[] late = {0};
    Runnable insert =
        () -> {
          clock.advance(Duration.ofMillis(random.nextInt(1500)));
          owned.add(
              service
                  .create(
                      alice,
                      new CreateTokenRequest(
                          "late-" + late[0]++,
                          null,
                          random.nextBoolean() ? null : 1 + random.nextInt(365),
                          null))
                  .record()
                  .id());
        };

    for (SortField sort : SortField.values()) {
      for (boolean descending : new boolean[] {true, false}) {
        String what = sort + (descending ? " descending" : " ascending");
        Set<String> atStart = Set.copyOf(owned);
        List<String> seen = flatten(forward(sort, descending, insert));
        assertThat(seen).as("forward, " + what).doesNotHaveDuplicates().containsAll(atStart);

        atStart = Set.copyOf(owned);
        List<TokenPage> pages = forward(sort, descending, () -> {});
        assertThat(flatten(pages)).as("all, " + what).hasSameSizeAs(atStart).containsAll(atStart);
        assertOrdered(pages, sort, descending);
        assertThat(pages.subList(0, pages.size() - 1)).allMatch(p -> p.items().size() == 37);
        List<TokenPage> back = backward(sort, descending, pages.get(pages.size() - 1), () -> {});
        assertThat(back.stream().map(TokenLifecycleContract::ids).toList())
            .as("back, " + what)
            .isEqualTo(pages.stream().map(TokenLifecycleContract::ids).toList());

        atStart = Set.copyOf(owned);
        seen = flatten(backward(sort, descending, pages.get(pages.size() - 1), insert));
        assertThat(seen).as("backward, " + what).doesNotHaveDuplicates().containsAll(atStart);
      }
    }
    assertThat(
            service
                .list(alice, new ListQuery(false, null, 1, false, true, SortField.NAME, true))
                .total())
        .isEqualTo(owned.size());
  }

  @Test
  void cursorAlteredOrFromAnotherQueryOrUserIsInvalid() {
    for (int i = 0; i < 10; i++) {
      service.create(alice, CreateTokenRequest.named("t" + i));
    }
    String cursor =
        service
            .list(alice, new ListQuery(false, null, 3, false, false, SortField.NAME, false))
            .nextCursor();
    assertThat(cursor).isNotNull();
    char c = cursor.charAt(cursor.length() / 2);
    String altered =
        cursor.substring(0, cursor.length() / 2)
            + (c == 'A' ? 'B' : 'A')
            + cursor.substring(cursor.length() / 2 + 1);
    List<Object> loc = List.of("query", "cursor");

    assertViolation(
        () ->
            service.list(
                alice, new ListQuery(false, altered, 3, false, false, SortField.NAME, false)),
        loc,
        "value_error");
    assertViolation(
        () ->
            service.list(
                alice,
                new ListQuery(false, "!!not-a-cursor", 3, false, false, SortField.NAME, false)),
        loc,
        "value_error");
    assertViolation(
        () ->
            service.list(
                alice, new ListQuery(false, cursor, 3, false, false, SortField.CREATED_AT, false)),
        loc,
        "value_error");
    assertViolation(
        () ->
            service.list(
                alice, new ListQuery(false, cursor, 3, false, false, SortField.NAME, true)),
        loc,
        "value_error");
    assertViolation(
        () ->
            service.list(
                alice, new ListQuery(true, cursor, 3, false, false, SortField.NAME, false)),
        loc,
        "value_error");
    assertViolation(
        () ->
            service.list(bob, new ListQuery(false, cursor, 3, false, false, SortField.NAME, false)),
        loc,
        "value_error");
    assertThat(
            names(
                service.list(
                    alice, new ListQuery(false, cursor, 3, false, false, SortField.NAME, false))))
        .containsExactly("t3", "t4", "t5");
  }

  @Test
  void listCountsWhenAskedAndHonoursIncludeRevoked() {
    for (int i = 0; i < 5; i++) {
      service.create(alice, CreateTokenRequest.named("t" + i));
    }
    service.revoke(alice, service.create(alice, CreateTokenRequest.named("r")).record().id(), null);
    assertThat(service.list(alice, query(SortField.CREATED_AT, true, null, false)).total())
        .isNull();
    assertThat(
            service
                .list(alice, new ListQuery(false, null, 2, false, true, SortField.CREATED_AT, true))
                .total())
        .isEqualTo(5);
    assertThat(
            service
                .list(alice, new ListQuery(true, null, 2, false, true, SortField.CREATED_AT, true))
                .total())
        .isEqualTo(6);
  }

  // ---- helpers ----

  // ---- owner-level changes ------------------------------------------------------------------

  private OwnerChangeResult changeOwner(OwnerScope owner, OwnerAction action, boolean dryRun) {
    return service.changeOwner(
        "admin-1", new OwnerChangeRequest(owner, action, "offboarded", dryRun));
  }

  @Test
  void revokeAllOfASubjectIsOneFeedEntryAndShowsItsTokensRevokedWithActorAndReason()
      throws Exception {
    List<CreatedToken> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mine.add(service.create(alice, CreateTokenRequest.named("a" + i)));
    }
    CreatedToken bobs = service.create(bob, CreateTokenRequest.named("b"));
    CreatedToken elsewhere = service.create(aliceElsewhere, CreateTokenRequest.named("e"));
    OwnerScope owner = OwnerScope.subject(alice.businessId(), alice.subject());
    long before = rawStore.latestSequence();

    OwnerChangeResult dry = changeOwner(owner, OwnerAction.REVOKE, true);

    assertThat(dry.affected()).isEqualTo(3);
    assertThat(dry.change()).isNull();
    assertThat(rawStore.latestSequence()).isEqualTo(before);
    assertThat(verifier.verify(mine.get(0).token()).subject()).isEqualTo(alice.subject());

    clock.advance(Duration.ofSeconds(1));
    OwnerChangeResult done = changeOwner(owner, OwnerAction.REVOKE, false);

    assertThat(done.affected()).isEqualTo(3);
    assertThat(done.change()).isNotNull();
    assertThat(rawStore.latestSequence()).isEqualTo(before + 1);
    assertThat(rawStore.changesSince(before, 10))
        .singleElement()
        .isInstanceOfSatisfying(
            OwnerChange.class,
            c -> {
              assertThat(c.scope()).isEqualTo(owner);
              assertThat(c.action()).isEqualTo(OwnerAction.REVOKE);
              assertThat(c.by()).isEqualTo("admin-1");
            });
    for (CreatedToken t : mine) {
      assertReason(() -> verifier.verify(t.token()), Reason.REVOKED);
      TokenRecord r = service.get(alice, t.record().id());
      assertThat(r.state()).isEqualTo(TokenStatus.REVOKED);
      assertThat(r.revokedBy()).isEqualTo("admin-1");
      assertThat(r.revocationReason()).isEqualTo("offboarded");
      assertThat(r.revokedAt()).isEqualTo(clock.instant());
      assertThat(r.heldBy()).isEqualTo(owner);
      assertThat(EffectiveStatus.of(r, clock.instant())).isEqualTo(EffectiveStatus.REVOKED);
      assertReason(() -> service.suspend(alice, t.record().id()), Reason.INVALID_STATE);
    }
    assertThat(service.list(alice, query(false)).items()).isEmpty();
    assertThat(service.list(alice, query(true)).items()).hasSize(3);
    assertThat(rawStore.count(alice.subject(), alice.businessId(), false)).isZero();
    assertThat(rawStore.count(alice.subject(), alice.businessId(), true)).isEqualTo(3);
    assertThat(verifier.verify(bobs.token()).subject()).isEqualTo(bob.subject());
    assertThat(verifier.verify(elsewhere.token()).businessId())
        .isEqualTo(aliceElsewhere.businessId());

    CreatedToken after = service.create(alice, CreateTokenRequest.named("after"));
    assertThat(verifier.verify(after.token()).tokenId()).isEqualTo(after.record().id());
    assertThat(service.list(alice, query(false)).items())
        .extracting(TokenRecord::id)
        .containsExactly(after.record().id());
    assertThat(changeOwner(owner, OwnerAction.REVOKE, true).affected()).isEqualTo(1);
  }

  @Test
  void revokeAllOfABusinessCoversEverySubjectInItAndNoOtherBusiness() {
    CreatedToken a = service.create(alice, CreateTokenRequest.named("a"));
    CreatedToken b = service.create(bob, CreateTokenRequest.named("b"));
    CreatedToken e = service.create(aliceElsewhere, CreateTokenRequest.named("e"));

    OwnerChangeResult done =
        changeOwner(OwnerScope.business(alice.businessId()), OwnerAction.REVOKE, false);

    assertThat(done.affected()).isEqualTo(2);
    assertReason(() -> verifier.verify(a.token()), Reason.REVOKED);
    assertReason(() -> verifier.verify(b.token()), Reason.REVOKED);
    assertThat(verifier.verify(e.token()).tokenId()).isEqualTo(e.record().id());
  }

  @Test
  void aTokenRevokedOnItsOwnKeepsItsFirstRevocationAndDeleteStillWorks() {
    CreatedToken a = service.create(alice, CreateTokenRequest.named("a"));
    CreatedToken b = service.create(alice, CreateTokenRequest.named("b"));
    service.revoke(alice, a.record().id(), "lost laptop");
    clock.advance(Duration.ofMinutes(1));

    OwnerChangeResult done =
        changeOwner(
            OwnerScope.subject(alice.businessId(), alice.subject()), OwnerAction.REVOKE, false);

    assertThat(done.affected()).isEqualTo(1);
    TokenRecord first = service.get(alice, a.record().id());
    assertThat(first.revocationReason()).isEqualTo("lost laptop");
    assertThat(first.revokedBy()).isEqualTo(alice.subject());
    assertThat(first.heldBy()).isNull();
    TokenRecord second = service.revoke(alice, b.record().id(), "again");
    assertThat(second.revocationReason()).isEqualTo("offboarded");
    service.delete(alice, b.record().id());
    assertReason(() -> service.get(alice, b.record().id()), Reason.NOT_FOUND);
    assertReason(() -> verifier.verify(b.token()), Reason.DELETED);
  }

  @Test
  void suspendAllIsReversibleAndLeavesTokensSuspendedOnTheirOwnSuspended() throws Exception {
    CreatedToken a = service.create(alice, CreateTokenRequest.named("a"));
    CreatedToken own = service.create(alice, CreateTokenRequest.named("own"));
    service.suspend(alice, own.record().id());
    OwnerScope owner = OwnerScope.subject(alice.businessId(), alice.subject());

    long before = rawStore.latestSequence();
    assertThat(
            service
                .changeOwner(
                    "admin-1", new OwnerChangeRequest(owner, OwnerAction.ACTIVATE, null, false))
                .change())
        .as("activating an owner that is not suspended changes nothing")
        .isNull();
    assertThat(rawStore.latestSequence()).isEqualTo(before);

    assertThat(changeOwner(owner, OwnerAction.SUSPEND, false).affected()).isEqualTo(1);
    assertReason(() -> verifier.verify(a.token()), Reason.SUSPENDED);
    TokenRecord held = service.get(alice, a.record().id());
    assertThat(held.state()).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(held.heldBy()).isEqualTo(owner);
    assertThat(EffectiveStatus.availableActions(held, clock.instant()).activate()).isFalse();
    assertThatThrownBy(() -> service.activate(alice, a.record().id()))
        .isInstanceOfSatisfying(
            DzAuthException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_STATE);
              assertThat(e.getMessage()).contains("activate the owner");
            });
    CreatedToken during = service.create(alice, CreateTokenRequest.named("during"));
    assertThat(verifier.verify(during.token()).tokenId()).isEqualTo(during.record().id());

    OwnerChangeResult activated = changeOwner(owner, OwnerAction.ACTIVATE, true);
    assertThat(activated.affected()).isEqualTo(1);
    assertThat(changeOwner(owner, OwnerAction.ACTIVATE, false).affected()).isEqualTo(1);

    assertThat(verifier.verify(a.token()).tokenId()).isEqualTo(a.record().id());
    assertReason(() -> verifier.verify(own.token()), Reason.SUSPENDED);
    assertThat(service.get(alice, a.record().id()).heldBy()).isNull();
    assertThat(service.activate(alice, own.record().id()).state()).isEqualTo(TokenStatus.ACTIVE);
  }

  @Test
  void aTokenChangedOnItsOwnWhileItsOwnerIsSuspendedStaysSuspendedInTheFeed() throws Exception {
    CreatedToken a = service.create(alice, CreateTokenRequest.named("a"));
    service.suspend(alice, a.record().id());
    OwnerScope owner = OwnerScope.subject(alice.businessId(), alice.subject());
    changeOwner(owner, OwnerAction.SUSPEND, false);
    long before = rawStore.latestSequence();

    // The record's own state goes back to active; in effect it stays suspended, feed entry too.
    Optional<TokenRecord> after =
        rawStore.transition(
            a.record().id(),
            TokenStatus.SUSPENDED,
            TokenStatus.ACTIVE,
            clock.instant(),
            ChangeOrigin.none());

    assertThat(after).map(TokenRecord::state).contains(TokenStatus.SUSPENDED);
    assertThat(tokenChanges(rawStore.changesSince(before, 10)))
        .singleElement()
        .extracting(StatusChange::status)
        .isEqualTo(TokenStatus.SUSPENDED);
    assertReason(() -> verifier.verify(a.token()), Reason.SUSPENDED);
  }

  @Test
  void anOwnerChangeMadeOnAnotherInstanceIsAppliedThereByItsNextPoll() throws Exception {
    CreatedToken a = service.create(alice, CreateTokenRequest.named("a"));
    try (StatusCache otherStatuses = StatusCache.builder(rawStore).build();
        StatusFeedPoller otherPoller =
            StatusFeedPoller.builder(rawStore, otherStatuses)
                .pollInterval(Duration.ofHours(1))
                .maxLag(Duration.ofHours(2))
                .build()) {
      TokenVerifier other =
          TokenVerifier.builder("https://issuer.test", ring, otherStatuses).clock(clock).build();
      assertThat(otherPoller.pollOnce()).isTrue();
      assertThat(other.verify(a.token()).tokenId()).isEqualTo(a.record().id());

      changeOwner(OwnerScope.business(alice.businessId()), OwnerAction.SUSPEND, false);
      assertThat(otherPoller.pollOnce()).isTrue();
      assertReason(() -> other.verify(a.token()), Reason.SUSPENDED);

      changeOwner(OwnerScope.business(alice.businessId()), OwnerAction.ACTIVATE, false);
      assertThat(otherPoller.pollOnce()).isTrue();
      assertThat(other.verify(a.token()).tokenId()).isEqualTo(a.record().id());

      changeOwner(OwnerScope.business(alice.businessId()), OwnerAction.REVOKE, false);
      assertThat(otherPoller.pollOnce()).isTrue();
      assertReason(() -> other.verify(a.token()), Reason.REVOKED);
    }
  }

  @Test
  void ownerChangeReasonTooLongIsAViolation() {
    String reason = "r".repeat(TokenService.MAX_REASON_LENGTH + 1);
    assertViolation(
        () ->
            service.changeOwner(
                "admin-1",
                new OwnerChangeRequest(
                    OwnerScope.business(alice.businessId()), OwnerAction.REVOKE, reason, false)),
        List.of("body", "reason"),
        "string_too_long");
  }

  // ---- roll ---------------------------------------------------------------------------------

  @Test
  void rollGivesASuccessorLikeTheOldTokenAndBothWorkUntilTheGracePeriodEnds() {
    CreatedToken old =
        service.create(alice, new CreateTokenRequest("ci", "deploys", 30, Set.of("tokens:read")));
    clock.advance(Duration.ofDays(2));

    RolledToken rolled = service.roll(alice, old.record().id(), Duration.ofHours(1));

    TokenRecord next = rolled.successor();
    assertThat(rolled.toString()).doesNotContain(rolled.token());
    assertThat(next.name()).isEqualTo("ci");
    assertThat(next.description()).isEqualTo("deploys");
    assertThat(next.scopes()).containsExactly("tokens:read");
    assertThat(next.subject()).isEqualTo(alice.subject());
    assertThat(next.businessId()).isEqualTo(alice.businessId());
    assertThat(next.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
    assertThat(rolled.previous().rolledTo()).isEqualTo(next.id());
    assertThat(rolled.previous().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThat(service.get(alice, old.record().id()).rolledTo()).isEqualTo(next.id());
    assertThat(verifier.verify(old.token()).tokenId()).isEqualTo(old.record().id());
    assertThat(verifier.verify(rolled.token()).tokenId()).isEqualTo(next.id());

    clock.advance(Duration.ofMinutes(59));
    assertThat(verifier.verify(old.token()).tokenId()).isEqualTo(old.record().id());
    clock.advance(Duration.ofMinutes(1));
    assertReason(() -> verifier.verify(old.token()), Reason.EXPIRED);
    assertThat(verifier.verify(rolled.token()).tokenId()).isEqualTo(next.id());
    assertThat(EffectiveStatus.of(service.get(alice, old.record().id()), clock.instant()))
        .isEqualTo(EffectiveStatus.EXPIRED);
  }

  @Test
  void rollWithNoGraceStopsTheOldTokenAtOnceAndARetriedRollMakesNoSecondSuccessor()
      throws Exception {
    CreatedToken old = service.create(alice, CreateTokenRequest.named("ci"));

    RolledToken rolled = service.roll(alice, old.record().id(), Duration.ZERO);

    assertReason(() -> verifier.verify(old.token()), Reason.EXPIRED);
    assertThat(verifier.verify(rolled.token()).tokenId()).isEqualTo(rolled.successor().id());
    assertThatThrownBy(() -> service.roll(alice, old.record().id(), Duration.ZERO))
        .isInstanceOfSatisfying(
            DzAuthException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_STATE);
              assertThat(e.getMessage()).contains(rolled.successor().id());
            });
    assertThat(rawStore.count(alice.subject(), alice.businessId(), true)).isEqualTo(2);
  }

  @Test
  void rollOfARevokedSuspendedExpiredOrUnknownTokenIsRefusedAndTheGraceIsBounded()
      throws Exception {
    CreatedToken revoked = service.create(alice, CreateTokenRequest.named("r"));
    service.revoke(alice, revoked.record().id(), null);
    CreatedToken suspended = service.create(alice, CreateTokenRequest.named("s"));
    service.suspend(alice, suspended.record().id());
    CreatedToken expiring = service.create(alice, new CreateTokenRequest("x", null, 1, null));
    CreatedToken fine = service.create(alice, CreateTokenRequest.named("f"));
    clock.advance(Duration.ofDays(2));

    assertReason(
        () -> service.roll(alice, revoked.record().id(), Duration.ZERO), Reason.INVALID_STATE);
    assertReason(
        () -> service.roll(alice, suspended.record().id(), Duration.ZERO), Reason.INVALID_STATE);
    assertReason(
        () -> service.roll(alice, expiring.record().id(), Duration.ZERO), Reason.INVALID_STATE);
    assertReason(() -> service.roll(bob, fine.record().id(), Duration.ZERO), Reason.NOT_FOUND);
    assertViolation(
        () -> service.roll(alice, fine.record().id(), Duration.ofSeconds(-1)),
        List.of("body", "grace_period_seconds"),
        "greater_than_equal");
    assertViolation(
        () -> service.roll(alice, fine.record().id(), Duration.ofDays(7).plusSeconds(1)),
        List.of("body", "grace_period_seconds"),
        "less_than_equal");
    assertThat(rawStore.count(alice.subject(), alice.businessId(), true)).isEqualTo(4);
  }

  @Test
  void aRollAfterARevokeAllIsRefusedAndARevokeAllCoversASuccessorMadeBeforeIt() {
    CreatedToken a = service.create(alice, CreateTokenRequest.named("a"));
    RolledToken rolled = service.roll(alice, a.record().id(), Duration.ofHours(1));
    OwnerScope owner = OwnerScope.subject(alice.businessId(), alice.subject());

    changeOwner(owner, OwnerAction.REVOKE, false);

    assertReason(() -> verifier.verify(rolled.token()), Reason.REVOKED);
    assertReason(() -> verifier.verify(a.token()), Reason.REVOKED);
    assertReason(
        () -> service.roll(alice, rolled.successor().id(), Duration.ZERO), Reason.INVALID_STATE);
  }

  @Test
  void aRollMadeOnAnotherInstanceEndsTheOldTokenThereAfterTheGracePeriod() throws Exception {
    CreatedToken old = service.create(alice, CreateTokenRequest.named("ci"));
    try (StatusCache otherStatuses = StatusCache.builder(rawStore).build();
        StatusFeedPoller otherPoller =
            StatusFeedPoller.builder(rawStore, otherStatuses)
                .pollInterval(Duration.ofHours(1))
                .maxLag(Duration.ofHours(2))
                .build()) {
      TokenVerifier other =
          TokenVerifier.builder("https://issuer.test", ring, otherStatuses).clock(clock).build();
      assertThat(otherPoller.pollOnce()).isTrue();
      assertThat(other.verify(old.token()).tokenId()).isEqualTo(old.record().id());

      RolledToken rolled = service.roll(alice, old.record().id(), Duration.ofMinutes(10));
      assertThat(otherPoller.pollOnce()).isTrue();

      assertThat(other.verify(old.token()).tokenId()).isEqualTo(old.record().id());
      assertThat(other.verify(rolled.token()).tokenId()).isEqualTo(rolled.successor().id());
      clock.advance(Duration.ofMinutes(10));
      assertReason(() -> other.verify(old.token()), Reason.EXPIRED);
      assertThat(other.verify(rolled.token()).tokenId()).isEqualTo(rolled.successor().id());
    }
  }

  // ---- events -------------------------------------------------------------------------------

  @Test
  void everyChangeWritesOneEventWithItsOriginAndNoOpsWriteNone() throws Exception {
    Caller web = alice.from("203.0.113.7", "curl/8.5");
    CreatedToken t = service.create(web, CreateTokenRequest.named("audited"));
    service.suspend(web, t.record().id());
    service.suspend(web, t.record().id()); // no-op
    service.activate(web, t.record().id());
    RolledToken rolled = service.roll(web, t.record().id(), Duration.ofHours(1));
    service.revoke(web, t.record().id(), "done");
    service.revoke(web, t.record().id(), "again"); // no-op
    service.delete(web, t.record().id());

    List<TokenEvent> events = rawStore.events(t.record().id(), null, 100);

    assertThat(events)
        .extracting(TokenEvent::type)
        .containsExactly(
            TokenEvent.Type.CREATED,
            TokenEvent.Type.SUSPENDED,
            TokenEvent.Type.ACTIVATED,
            TokenEvent.Type.ROLLED,
            TokenEvent.Type.REVOKED,
            TokenEvent.Type.DELETED);
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.tokenId()).isEqualTo(t.record().id());
              assertThat(e.jti()).isEqualTo(t.record().jti());
              assertThat(e.actor()).isEqualTo(alice.subject());
              assertThat(e.clientIp()).isEqualTo("203.0.113.7");
              assertThat(e.userAgent()).isEqualTo("curl/8.5");
              assertThat(e.businessId()).isEqualTo(alice.businessId());
            });
    assertThat(events).extracting(TokenEvent::id).doesNotHaveDuplicates();
    assertThat(events.get(3).reason()).isEqualTo(rolled.successor().id());
    assertThat(events.get(4).reason()).isEqualTo("done");
    assertThat(rawStore.events(rolled.successor().id(), null, 10))
        .extracting(TokenEvent::type)
        .containsExactly(TokenEvent.Type.CREATED);

    List<TokenEvent> firstTwo = rawStore.events(t.record().id(), null, 2);
    TokenEvent last = firstTwo.get(1);
    assertThat(
            rawStore.events(
                t.record().id(), new TokenEvent.Position(last.occurredAt(), last.id()), 100))
        .containsExactlyElementsOf(events.subList(2, events.size()));
  }

  @Test
  void anOwnerLevelChangeIsOneEventOfTheOwner() throws Exception {
    service.create(alice, CreateTokenRequest.named("a"));
    String claimer = "claimer-" + UUID.randomUUID();
    OwnerScope owner = OwnerScope.subject(alice.businessId(), alice.subject());
    service.changeOwner(
        alice.from("198.51.100.1", "admin-ui"),
        new OwnerChangeRequest(owner, OwnerAction.SUSPEND, "audit", false));

    List<TokenEvent> mine = new ArrayList<>();
    List<TokenEvent> claimed;
    Instant far = clock.instant().plus(Duration.ofDays(1));
    while (!(claimed = rawStore.claimEvents(claimer, far, Duration.ofMinutes(1), 100)).isEmpty()) {
      for (TokenEvent e : claimed) {
        rawStore.eventDelivered(e.id(), claimer, far);
        if (alice.businessId().equals(e.businessId()) && e.tokenId() == null) {
          mine.add(e);
        }
      }
    }
    assertThat(mine)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(TokenEvent.Type.OWNER_SUSPENDED);
              assertThat(e.subject()).isEqualTo(alice.subject());
              assertThat(e.actor()).isEqualTo(alice.subject());
              assertThat(e.reason()).isEqualTo("audit");
              assertThat(e.clientIp()).isEqualTo("198.51.100.1");
            });
  }

  @Test
  void aClaimedEventIsNotClaimedAgainUntilItsLeaseRunsOutAndAFailureComesBackAfterItsRetry()
      throws Exception {
    CreatedToken t = service.create(alice, CreateTokenRequest.named("claimed"));
    Instant now = clock.instant().plus(Duration.ofDays(3650)); // every earlier event is due
    String a = "a-" + UUID.randomUUID();
    String b = "b-" + UUID.randomUUID();
    TokenEvent created = null;
    List<TokenEvent> byA;
    do {
      byA = rawStore.claimEvents(a, now, Duration.ofMinutes(1), 1000);
      for (TokenEvent e : byA) {
        if (t.record().id().equals(e.tokenId())) {
          created = e;
        } else {
          rawStore.eventDelivered(e.id(), a, now);
        }
      }
    } while (!byA.isEmpty());
    assertThat(created).isNotNull();
    String id = created.id();

    assertThat(rawStore.claimEvents(b, now.plusSeconds(59), Duration.ofMinutes(1), 1000))
        .extracting(TokenEvent::id)
        .doesNotContain(id);
    rawStore.eventDelivered(id, b, now); // not b's: changes nothing
    List<TokenEvent> afterLease =
        rawStore.claimEvents(b, now.plusSeconds(61), Duration.ofMinutes(1), 1000);
    assertThat(afterLease).extracting(TokenEvent::id).contains(id);

    rawStore.eventFailed(id, b, now.plusSeconds(600));
    assertThat(rawStore.claimEvents(a, now.plusSeconds(599), Duration.ofMinutes(1), 1000))
        .extracting(TokenEvent::id)
        .doesNotContain(id);
    List<TokenEvent> retried =
        rawStore.claimEvents(a, now.plusSeconds(600), Duration.ofMinutes(1), 1000);
    assertThat(retried)
        .filteredOn(e -> e.id().equals(id))
        .singleElement()
        .satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
    rawStore.eventDelivered(id, a, now.plusSeconds(600));
    assertThat(rawStore.claimEvents(b, now.plusSeconds(7200), Duration.ofMinutes(1), 1000))
        .extracting(TokenEvent::id)
        .doesNotContain(id);
  }

  @Test
  void anExpiryWarningIsWrittenOncePerTokenAndLeadTimeAndNotForRevokedOrRolledTokens()
      throws Exception {
    CreatedToken soon = service.create(alice, new CreateTokenRequest("soon", null, 3, null));
    CreatedToken later = service.create(alice, new CreateTokenRequest("later", null, 30, null));
    CreatedToken revoked = service.create(alice, new CreateTokenRequest("r", null, 3, null));
    service.revoke(alice, revoked.record().id(), null);
    CreatedToken rolled = service.create(alice, new CreateTokenRequest("x", null, 3, null));
    service.roll(alice, rolled.record().id(), Duration.ofHours(1));
    CreatedToken held = service.create(bob, new CreateTokenRequest("held", null, 3, null));
    service.changeOwner(
        "admin",
        new OwnerChangeRequest(
            OwnerScope.subject(bob.businessId(), bob.subject()), OwnerAction.SUSPEND, null, false));

    for (int i = 0; i < 3; i++) {
      rawStore.warnExpiring(clock.instant(), Duration.ofDays(7), 100_000);
    }
    rawStore.warnExpiring(clock.instant(), Duration.ofDays(1), 100_000);

    assertThat(warnings(soon)).containsExactly("PT168H");
    assertThat(warnings(later)).isEmpty();
    assertThat(warnings(revoked)).isEmpty();
    assertThat(warnings(rolled)).isEmpty();
    assertThat(warnings(held)).isEmpty();
    clock.advance(Duration.ofDays(2).plusHours(1));
    rawStore.warnExpiring(clock.instant(), Duration.ofDays(1), 100_000);
    rawStore.warnExpiring(clock.instant(), Duration.ofDays(7), 100_000);
    assertThat(warnings(soon)).containsExactly("PT168H", "PT24H");
  }

  private List<String> warnings(CreatedToken t) throws Exception {
    return rawStore.events(t.record().id(), null, 100).stream()
        .filter(e -> e.type() == TokenEvent.Type.EXPIRING_SOON)
        .map(TokenEvent::reason)
        .toList();
  }

  @Test
  void eventsOlderThanTheRetentionArePruned() throws Exception {
    CreatedToken t = service.create(alice, CreateTokenRequest.named("old"));
    clock.advance(Duration.ofDays(2));
    service.suspend(alice, t.record().id());

    rawStore.pruneEvents(clock.instant().minus(Duration.ofDays(1)));

    assertThat(rawStore.events(t.record().id(), null, 10))
        .extracting(TokenEvent::type)
        .containsExactly(TokenEvent.Type.SUSPENDED);
  }

  // ---- environment scope --------------------------------------------------------------------

  @Test
  void anEnvironmentScopedTokenCarriesItsEnvironmentAndItsCreatorCannotWidenIt() throws Exception {
    CreatedToken env =
        service.create(alice, new CreateTokenRequest("env", null, 30, null, null, "env-prod"));

    assertThat(env.record().environmentId()).isEqualTo("env-prod");
    assertThat(rawStore.findById(env.record().id()).orElseThrow().environmentId())
        .isEqualTo("env-prod");
    VerifiedToken v = verifier.verify(env.token());
    assertThat(v.environmentId()).isEqualTo("env-prod");
    assertThat(v.tokenScope()).isEqualTo("environment");
    assertThat(
            verifier
                .verify(service.create(alice, CreateTokenRequest.named("acct")).token())
                .tokenScope())
        .isEqualTo("account");

    Caller envCaller = Caller.of(v);
    CreatedToken child = service.create(envCaller, CreateTokenRequest.named("child"));
    assertThat(child.record().environmentId()).isEqualTo("env-prod");
    assertReason(
        () ->
            service.create(envCaller, new CreateTokenRequest("x", null, 30, null, null, "env-dev")),
        Reason.WRONG_ENVIRONMENT);
    assertReason(
        () ->
            service.create(envCaller, new CreateTokenRequest("x", null, 30, null, "account", null)),
        Reason.WRONG_ENVIRONMENT);
    RolledToken rolled = service.roll(alice, env.record().id(), Duration.ZERO);
    assertThat(rolled.successor().environmentId()).isEqualTo("env-prod");
    assertThat(verifier.verify(rolled.token()).environmentId()).isEqualTo("env-prod");
  }

  @Test
  void tokenScopeAndEnvironmentIdAreValidated() {
    assertViolation(
        () -> service.create(alice, new CreateTokenRequest("x", null, 30, null, "galaxy", null)),
        List.of("body", "token_scope"),
        "literal_error");
    assertViolation(
        () ->
            service.create(alice, new CreateTokenRequest("x", null, 30, null, "environment", null)),
        List.of("body", "environment_id"),
        "missing");
    assertViolation(
        () -> service.create(alice, new CreateTokenRequest("x", null, 30, null, "account", "e1")),
        List.of("body", "environment_id"),
        "value_error");
    assertViolation(
        () ->
            service.create(
                alice, new CreateTokenRequest("x", null, 30, null, null, "e".repeat(129))),
        List.of("body", "environment_id"),
        "string_too_long");
  }

  private List<TokenPage> forward(SortField sort, boolean descending, Runnable during) {
    List<TokenPage> pages = new ArrayList<>();
    TokenPage page = service.list(alice, query(sort, descending, null, false));
    pages.add(page);
    while (page.hasNext()) {
      during.run();
      page = service.list(alice, query(sort, descending, page.nextCursor(), false));
      pages.add(page);
    }
    return pages;
  }

  private List<TokenPage> backward(
      SortField sort, boolean descending, TokenPage last, Runnable during) {
    List<TokenPage> pages = new ArrayList<>();
    pages.add(last);
    TokenPage page = last;
    while (page.hasPrev()) {
      during.run();
      page = service.list(alice, query(sort, descending, page.prevCursor(), true));
      pages.add(0, page);
    }
    return pages;
  }

  private static ListQuery query(boolean includeRevoked) {
    return new ListQuery(includeRevoked, null, 50, false, false, SortField.CREATED_AT, true);
  }

  private static ListQuery query(
      SortField sort, boolean descending, String cursor, boolean previous) {
    return new ListQuery(false, cursor, 37, previous, false, sort, descending);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void assertOrdered(List<TokenPage> pages, SortField sort, boolean descending) {
    List<TokenRecord> all = pages.stream().flatMap(p -> p.items().stream()).toList();
    for (int i = 1; i < all.size(); i++) {
      TokenRecord a = all.get(i - 1);
      TokenRecord b = all.get(i);
      int c = ((Comparable) sort.keyOf(a)).compareTo(sort.keyOf(b));
      if (c == 0) {
        c = a.id().compareTo(b.id());
      }
      assertThat(descending ? c > 0 : c < 0)
          .as("%s before %s under %s", a.id(), b.id(), sort)
          .isTrue();
    }
  }

  private static List<String> flatten(List<TokenPage> pages) {
    return pages.stream().flatMap(p -> ids(p).stream()).toList();
  }

  private static List<String> ids(TokenPage page) {
    return page.items().stream().map(TokenRecord::id).toList();
  }

  private static List<String> names(TokenPage page) {
    return page.items().stream().map(TokenRecord::name).toList();
  }

  private static void assertReason(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static void assertViolation(ThrowingCallable call, List<Object> loc, String type) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DzAuthException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
              assertThat(e.violations())
                  .extracting(Violation::location, Violation::type)
                  .contains(org.assertj.core.groups.Tuple.tuple(loc, type));
            });
  }

  /** The token changes among {@code entries}. */
  static List<StatusChange> tokenChanges(List<FeedEntry> entries) {
    List<StatusChange> out = new ArrayList<>();
    for (FeedEntry e : entries) {
      if (e instanceof StatusChange c) {
        out.add(c);
      }
    }
    return out;
  }
}
