package dev.dzauth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery from the stored events: at least once, retried with backoff, claimed per instance. */
class EventOutboxTests {

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T00:00:00Z"));
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final KeySetHolder ring =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
  private final StatusCache statuses = StatusCache.builder(store).build();
  private final TokenService service =
      TokenService.builder(TokenMinter.builder("iss", ring).clock(clock).build(), store, statuses)
          .clock(clock)
          .build();
  private final Caller alice = new Caller("alice", "b1", Set.of("tokens:write"));
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    service.close();
    statuses.close();
  }

  private EventOutbox outbox(String claimer, TokenEventListener listener) {
    EventOutbox o =
        EventOutbox.builder(store)
            .listener(listener)
            .claimer(claimer)
            .clock(clock)
            .lease(Duration.ofMinutes(1))
            .build();
    closing.add(o);
    return o;
  }

  @Test
  void eachEventIsDeliveredOnceAfterItsChangeAndAFailureIsRetriedWithBackoff() throws Exception {
    List<TokenEvent> got = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    EventOutbox o =
        outbox(
            "a",
            e -> {
              if (e.type() == TokenEvent.Type.REVOKED && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("webhook down");
              }
              got.add(e);
            });
    CreatedToken t = service.create(alice, CreateTokenRequest.named("t"));
    service.revoke(alice, t.record().id(), "leaked");

    assertThat(o.deliverOnce()).isEqualTo(2);
    assertThat(got).extracting(TokenEvent::type).containsExactly(TokenEvent.Type.CREATED);

    clock.advance(Duration.ofMillis(999));
    assertThat(o.deliverOnce()).as("first retry after 1 s").isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(o.deliverOnce()).isEqualTo(1); // fails again: next retry after 2 s
    clock.advance(Duration.ofMillis(1999));
    assertThat(o.deliverOnce()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(o.deliverOnce()).isEqualTo(1);

    assertThat(got)
        .extracting(TokenEvent::type)
        .containsExactly(TokenEvent.Type.CREATED, TokenEvent.Type.REVOKED);
    assertThat(got.get(1).attempts()).isEqualTo(2);
    assertThat(o.stats().failures()).isEqualTo(2);
    clock.advance(Duration.ofHours(2));
    assertThat(o.deliverOnce()).isZero();
  }

  @Test
  void twoInstancesNeverDeliverOneEventAtTheSameTimeAndADeadClaimerIsReplacedAfterTheLease()
      throws Exception {
    List<String> byA = new CopyOnWriteArrayList<>();
    List<String> byB = new CopyOnWriteArrayList<>();
    EventOutbox a =
        outbox(
            "a",
            e -> {
              byA.add(e.id());
              throw new Error("the JVM dies here"); // never acknowledged, never given back
            });
    EventOutbox b = outbox("b", e -> byB.add(e.id()));
    service.create(alice, CreateTokenRequest.named("t"));

    try {
      a.deliverOnce();
    } catch (Error expected) {
      // the claimer "died" inside the listener
    }
    assertThat(byA).hasSize(1);
    assertThat(b.deliverOnce()).as("a's lease still runs").isZero();
    clock.advance(Duration.ofMinutes(1).plusMillis(1));
    assertThat(b.deliverOnce()).isEqualTo(1);
    assertThat(byB).containsExactlyElementsOf(byA);
    assertThat(b.deliverOnce()).isZero();
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    EventOutbox o =
        EventOutbox.builder(store)
            .initialBackoff(Duration.ofSeconds(1))
            .maxBackoff(Duration.ofSeconds(10))
            .build();
    closing.add(o);
    assertThat(List.of(o.backoff(0), o.backoff(1), o.backoff(3), o.backoff(4), o.backoff(60)))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(8),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
  }

  @Test
  void expiryWarningsAreWrittenOnceWhateverTheNumberOfOutboxes() throws Exception {
    List<TokenEvent> got = new CopyOnWriteArrayList<>();
    EventOutbox a = outbox("a", got::add);
    EventOutbox b = outbox("b", got::add);
    CreatedToken t = service.create(alice, new CreateTokenRequest("t", null, 2, null));

    a.warnOnce();
    b.warnOnce();
    a.deliverOnce();
    b.deliverOnce();

    assertThat(got)
        .filteredOn(e -> e.type() == TokenEvent.Type.EXPIRING_SOON)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.tokenId()).isEqualTo(t.record().id());
              assertThat(e.reason()).isEqualTo("PT168H");
              assertThat(e.actor()).isNull();
            });
  }
}
