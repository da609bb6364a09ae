package dev.dzauth.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenPolicy;
import dev.dzauth.status.Doorbell;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one assembly: what it builds, the poller rule, options reaching the parts, close order. */
final class DzAuthTests {

  private static final String ISSUER = "https://auth.test";

  @Test
  void buildsAWorkingGraphWithTheBuildersDefaults() {
    try (DzAuth dz = DzAuth.builder(ISSUER, KeySet.of(TestKeys.es256())).build()) {
      String business = UUID.randomUUID().toString();
      String token =
          dz.service()
              .create(
                  new Caller("u", business, Set.of("a")),
                  new CreateTokenRequest("t", null, 30, null))
              .token();

      assertThat(dz.verifier().verify(token).businessId()).isEqualTo(business);
      assertThat(dz.store()).isInstanceOf(InMemoryTokenStore.class);
      assertThat(dz.verifier().keys()).isSameAs(dz.keys());
      assertThat(dz.verifier().statuses()).isSameAs(dz.statuses());
      assertThat(dz.service().store()).isSameAs(dz.store());
      assertThat(dz.statuses().refreshAfter()).isEqualTo(Duration.ofSeconds(5));
      assertThat(dz.service().policy()).isEqualTo(TokenPolicy.defaults());
    }
  }

  @Test
  void thePollerAlwaysRunsAndAnchorsTheCacheEvenOnAnInMemoryStore() {
    try (DzAuth dz = DzAuth.builder(ISSUER, KeySet.of(TestKeys.es256())).build()) {
      assertThat(dz.poller().lag().everSucceeded()).isTrue();
      assertThat(dz.statuses().isAnchored()).isTrue();
      assertThat(dz.poller().lag().doorbell())
          .as("auto on a non-PostgreSQL store: none")
          .isEqualTo(StatusFeedPoller.DoorbellState.NONE);
    }
  }

  @Test
  void aChangeWrittenToTheSharedStoreByAnotherInstanceArrivesThroughThePoller() throws Exception {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    KeySet keys = KeySet.of(TestKeys.es256());
    try (DzAuth a = DzAuth.builder(ISSUER, keys).store(shared).build();
        DzAuth b = DzAuth.builder(ISSUER, keys).store(shared).build()) {
      Caller caller = new Caller("u", UUID.randomUUID().toString(), Set.of("a"));
      var created = a.service().create(caller, new CreateTokenRequest("t", null, 30, null));
      assertThat(b.verifier().verify(created.token()).tokenId()).isEqualTo(created.record().id());

      a.service().revoke(caller, created.record().id(), "test");
      assertThat(b.poller().pollOnce()).isTrue();

      assertThat(b.statuses().status(created.record().jti()).status())
          .isEqualTo(TokenStatus.REVOKED);
    }
  }

  @Test
  void optionsReachThePartsOwnBuilders() {
    try (DzAuth dz =
        DzAuth.builder(ISSUER, KeySet.of(TestKeys.es256()))
            .statusCache(c -> c.maximumSize(7).refreshAfter(Duration.ofSeconds(1)))
            .verifier(v -> v.clockSkew(Duration.ofSeconds(10)).verifiedCacheSize(0))
            .service(s -> s.policy(new TokenPolicy(false, 90)))
            .poller(p -> p.pollInterval(Duration.ofMillis(500)))
            .doorbell(null)
            .build()) {
      assertThat(dz.statuses().maximumSize()).isEqualTo(7);
      assertThat(dz.statuses().refreshAfter()).isEqualTo(Duration.ofSeconds(1));
      assertThat(dz.verifier().clockSkew()).isEqualTo(Duration.ofSeconds(10));
      assertThat(dz.verifier().verifiedCacheSize()).isZero();
      assertThat(dz.service().policy()).isEqualTo(new TokenPolicy(false, 90));
      assertThat(dz.poller().pollInterval()).isEqualTo(Duration.ofMillis(500));
    }
  }

  @Test
  void closeStopsThePartsThenTheGivenResourcesLastGivenFirstAndLeavesAGivenStoreOpen() {
    List<String> closed = new ArrayList<>();
    RecordingDoorbell bell = new RecordingDoorbell(closed);
    ClosingStore store = new ClosingStore(closed);
    DzAuth dz =
        DzAuth.builder(ISSUER, KeySet.of(TestKeys.es256()))
            .store(store)
            .doorbell(bell)
            .closing(() -> closed.add("pool"))
            .closing(() -> closed.add("store resource"))
            .build();
    assertThat(bell.started).isTrue();

    dz.close();
    dz.close();

    assertThat(closed).containsExactly("doorbell", "store resource", "pool");
    assertThat(dz.statuses().isAnchored()).isFalse();
    assertThatThrownBy(() -> dz.statuses().status("not-cached"))
        .isInstanceOfSatisfying(
            DzAuthException.class,
            e -> assertThat(e.reason()).isEqualTo(DzAuthException.Reason.STORE_UNAVAILABLE));
  }

  @Test
  void aFailedBuildClosesTheGivenResourcesAndNamesTheOption() {
    List<String> closed = new ArrayList<>();
    assertThatThrownBy(
            () ->
                DzAuth.builder(ISSUER, KeySet.of(TestKeys.es256()))
                    .closing(() -> closed.add("pool"))
                    .statusCache(c -> c.refreshAfter(Duration.ofSeconds(40)))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxStaleness");
    assertThat(closed).containsExactly("pool");
  }

  private static final class RecordingDoorbell implements Doorbell {
    private final List<String> closed;
    volatile boolean started;

    RecordingDoorbell(List<String> closed) {
      this.closed = closed;
    }

    @Override
    public void start(Runnable ring) {
      started = true;
    }

    @Override
    public boolean isListening() {
      return started;
    }

    @Override
    public void close() {
      closed.add("doorbell");
    }
  }

  private static final class ClosingStore extends dev.dzauth.store.ForwardingTokenStore {
    private final List<String> closed;

    ClosingStore(List<String> closed) {
      super(new InMemoryTokenStore());
      this.closed = closed;
    }

    @Override
    public void close() {
      closed.add("given store");
    }
  }
}
