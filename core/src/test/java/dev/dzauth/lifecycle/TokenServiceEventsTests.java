package dev.dzauth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TokenService#events}: the caller's own token's events, paged with bound cursors. */
final class TokenServiceEventsTests {

  private final KeySetHolder ring =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final StatusCache statuses = StatusCache.builder(store).build();
  private final TokenMinter minter = TokenMinter.builder("iss", ring).build();
  private final TokenService service = TokenService.builder(minter, store, statuses).build();
  private final Caller alice =
      new Caller("alice", "b1", Set.of("tokens:read", "tokens:write"))
          .from("203.0.113.7", "curl/8.5.0");
  private final Caller mallory = new Caller("mallory", "b1", Set.of("tokens:read"));

  @AfterEach
  void close() {
    service.close();
    statuses.close();
  }

  private String tokenWithFourEvents() {
    String id = service.create(alice, CreateTokenRequest.named("ci")).record().id();
    service.suspend(alice, id);
    service.activate(alice, id);
    service.revoke(alice, id, "rotated");
    return id;
  }

  @Test
  void pagesWalkEveryEventOldestFirstWithTheRequestsOrigin() {
    String id = tokenWithFourEvents();
    List<TokenEvent> all = new ArrayList<>();
    TokenEventPage page = service.events(alice, id, null, 3);
    assertThat(page.items()).hasSize(3);
    assertThat(page.hasNext()).isTrue();
    assertThat(page.limit()).isEqualTo(3);
    all.addAll(page.items());
    page = service.events(alice, id, page.nextCursor(), 3);
    all.addAll(page.items());
    assertThat(page.hasNext()).isFalse();
    assertThat(page.nextCursor()).isNull();

    assertThat(all)
        .extracting(e -> e.type().apiValue())
        .containsExactly("created", "suspended", "activated", "revoked");
    assertThat(all).allSatisfy(e -> assertThat(e.tokenId()).isEqualTo(id));
    assertThat(all).extracting(TokenEvent::actor).containsOnly("alice");
    assertThat(all).extracting(TokenEvent::clientIp).containsOnly("203.0.113.7");
    assertThat(all).extracting(TokenEvent::userAgent).containsOnly("curl/8.5.0");
    assertThat(all.get(3).reason()).isEqualTo("rotated");
  }

  @Test
  void aPageExactlyFullHasNoNextCursor() {
    String id = tokenWithFourEvents();
    TokenEventPage page = service.events(alice, id, null, 4);
    assertThat(page.items()).hasSize(4);
    assertThat(page.hasNext()).isFalse();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void anotherCallersTokenIsNotFoundAndSoIsADeletedOne() {
    String id = tokenWithFourEvents();
    assertThatThrownBy(() -> service.events(mallory, id, null, 50))
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    service.delete(alice, id);
    assertThatThrownBy(() -> service.events(alice, id, null, 50))
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void aCursorIsBoundToItsCallerAndTokenAndTamperEvident() {
    String id = tokenWithFourEvents();
    String other = tokenWithFourEvents();
    String cursor = service.events(alice, id, null, 1).nextCursor();
    assertThat(cursor).isNotNull();

    assertInvalidCursor(() -> service.events(alice, other, cursor, 1));
    Caller aliceElsewhere = new Caller("alice", "b2", Set.of("tokens:read"));
    assertInvalidCursor(() -> service.events(aliceElsewhere, id, cursor, 1));
    char last = cursor.charAt(cursor.length() - 2);
    String altered =
        cursor.substring(0, cursor.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + cursor.charAt(cursor.length() - 1);
    assertInvalidCursor(() -> service.events(alice, id, altered, 1));
    assertInvalidCursor(() -> service.events(alice, id, "garbage", 1));
    String listCursor =
        service
            .list(
                alice,
                new ListQuery(
                    true, null, 1, false, false, dev.dzauth.store.SortField.CREATED_AT, true))
            .nextCursor();
    assertThat(listCursor).isNotNull();
    assertInvalidCursor(() -> service.events(alice, id, listCursor, 1));
    // Checked before the token: a bad cursor on an unknown token is 422, not 404.
    assertInvalidCursor(() -> service.events(alice, "no-such-token", "garbage", 1));
  }

  @Test
  void theLimitIsOneToOneHundred() {
    String id = tokenWithFourEvents();
    for (int bad : new int[] {0, -1, 101}) {
      assertThatThrownBy(() -> service.events(alice, id, null, bad))
          .isInstanceOfSatisfying(
              DzAuthException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
                assertThat(e.violations().get(0).location()).containsExactly("query", "limit");
              });
    }
    assertThat(service.events(alice, id, null, 100).items()).hasSize(4);
  }

  private static void assertInvalidCursor(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    assertThatThrownBy(c)
        .isInstanceOfSatisfying(
            DzAuthException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
              assertThat(e.violations().get(0).location()).containsExactly("query", "cursor");
              assertThat(e.violations().get(0).type()).isEqualTo("value_error");
            });
  }
}
