package dev.dzauth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.SortField;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class TokenServiceSmokeTests {

  private final KeySetHolder ring =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k")));
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final StatusCache statuses = StatusCache.builder(store).build();
  private final TokenMinter minter = TokenMinter.builder("iss", ring).build();
  private final TokenVerifier verifier = TokenVerifier.builder("iss", ring, statuses).build();
  private final TokenService service = TokenService.builder(minter, store, statuses).build();
  private final Caller alice = new Caller("alice", "b1", Set.of("tokens:read", "tokens:write"));

  @AfterEach
  void close() {
    service.close();
    statuses.close();
  }

  @Test
  void createVerifyRevokeThenRejected() {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("ci"));
    assertThat(verifier.verify(created.token()).tokenId()).isEqualTo(created.record().id());

    TokenRecord revoked = service.revoke(alice, created.record().id(), "leaked");
    TokenRecord again = service.revoke(alice, created.record().id(), "other");

    assertThat(again.revokedAt()).isEqualTo(revoked.revokedAt());
    assertThat(again.revocationReason()).isEqualTo("leaked");
    assertThatThrownBy(() -> verifier.verify(created.token()))
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
  }

  @Test
  void listWalksForwardThenBackThroughTheSamePages() {
    for (int i = 0; i < 23; i++) {
      service.create(alice, CreateTokenRequest.named("t" + i));
    }
    ListQuery first = new ListQuery(false, null, 5, false, true, SortField.NAME, false);
    List<List<String>> forward = new ArrayList<>();
    TokenPage page = service.list(alice, first);
    assertThat(page.total()).isEqualTo(23);
    forward.add(names(page));
    while (page.hasNext()) {
      page =
          service.list(
              alice,
              new ListQuery(false, page.nextCursor(), 5, false, false, SortField.NAME, false));
      forward.add(names(page));
    }
    assertThat(forward).hasSize(5);
    List<List<String>> backward = new ArrayList<>();
    backward.add(0, names(page));
    while (page.hasPrev()) {
      page =
          service.list(
              alice,
              new ListQuery(false, page.prevCursor(), 5, true, false, SortField.NAME, false));
      backward.add(0, names(page));
    }
    assertThat(backward.subList(0, 4)).isEqualTo(forward.subList(0, 4));
  }

  private static List<String> names(TokenPage page) {
    return page.items().stream().map(TokenRecord::name).toList();
  }
}
