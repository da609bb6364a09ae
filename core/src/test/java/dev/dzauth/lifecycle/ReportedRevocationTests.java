package dev.dzauth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TokenService#revokeReported}: a leak report revokes a verified token of any owner. */
final class ReportedRevocationTests {

  private final KeySetHolder ring =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k")));
  private final AtomicBoolean down = new AtomicBoolean();
  private final SwitchableTokenStore store =
      new SwitchableTokenStore(new InMemoryTokenStore(), down);
  private final StatusCache statuses = StatusCache.builder(store).build();
  private final TokenMinter minter = TokenMinter.builder("iss", ring).build();
  private final TokenVerifier verifier = TokenVerifier.builder("iss", ring, statuses).build();
  private final TokenService service = TokenService.builder(minter, store, statuses).build();
  private final Caller alice = new Caller("alice", "b1", Set.of("tokens:read", "tokens:write"));
  private final Caller scanner =
      new Caller("scanner", "b2", Set.of("tokens:report-leaks"))
          .from("203.0.113.7", "secret-scanner/1.0");

  @AfterEach
  void close() {
    service.close();
    statuses.close();
  }

  @Test
  void revokesAnotherOwnersTokenWithTheReportersActorAndOrigin() throws Exception {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("ci"));
    VerifiedToken leaked = verifier.verify(created.token());

    Optional<TokenRecord> revoked = service.revokeReported(leaked, scanner);

    assertThat(revoked).isPresent();
    assertThat(revoked.get().state()).isEqualTo(TokenStatus.REVOKED);
    assertThat(revoked.get().revokedBy()).isEqualTo("leak-report:scanner");
    assertThat(revoked.get().revocationReason()).isEqualTo(TokenService.REPORTED_LEAKED_REASON);
    assertThat(TokenService.REPORTED_LEAKED_REASON).isEqualTo("reported leaked");
    // Effective on this instance at once, as an owner's revocation is.
    assertThatThrownBy(() -> verifier.verify(created.token()))
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
    // The owner sees it revoked, by the report.
    assertThat(service.get(alice, created.record().id()).revokedBy())
        .isEqualTo("leak-report:scanner");
    List<TokenEvent> events = store.events(created.record().id(), null, 10);
    TokenEvent last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo(TokenEvent.Type.REVOKED);
    assertThat(last.actor()).isEqualTo("leak-report:scanner");
    assertThat(last.reason()).isEqualTo("reported leaked");
    assertThat(last.clientIp()).isEqualTo("203.0.113.7");
    assertThat(last.userAgent()).isEqualTo("secret-scanner/1.0");
  }

  @Test
  void aTokenRevokedBeforeKeepsItsFirstRevocation() {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("ci"));
    VerifiedToken leaked = verifier.verify(created.token());
    service.revoke(alice, created.record().id(), "rotated");

    Optional<TokenRecord> again = service.revokeReported(leaked, scanner);

    assertThat(again).isPresent();
    assertThat(again.get().revocationReason()).isEqualTo("rotated");
    assertThat(again.get().revokedBy()).isEqualTo("alice");
  }

  @Test
  void aDeletedTokenIsNotRevivedAndAnswersEmpty() {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("ci"));
    VerifiedToken leaked = verifier.verify(created.token());
    service.delete(alice, created.record().id());

    assertThat(service.revokeReported(leaked, scanner)).isEmpty();
    assertThatThrownBy(() -> verifier.verify(created.token())).isInstanceOf(DzAuthException.class);
  }

  @Test
  void aTokenWhoseJtiIsNotTheRecordsChangesNothing() {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("ci"));
    VerifiedToken real = verifier.verify(created.token());
    VerifiedToken wrongJti =
        new VerifiedToken(
            real.tokenId(),
            "another-jti",
            real.subject(),
            real.businessId(),
            real.scopes(),
            real.keyId(),
            real.issuedAt(),
            real.expiresAt());
    VerifiedToken unknownId =
        new VerifiedToken(
            "00000000-0000-4000-8000-000000000000",
            real.jti(),
            real.subject(),
            real.businessId(),
            real.scopes(),
            real.keyId(),
            real.issuedAt(),
            real.expiresAt());

    assertThat(service.revokeReported(wrongJti, scanner)).isEmpty();
    assertThat(service.revokeReported(unknownId, scanner)).isEmpty();
    assertThat(verifier.verify(created.token()).tokenId()).isEqualTo(created.record().id());
  }

  @Test
  void aStoreOutageIsStoreUnavailableAndChangesNothing() {
    CreatedToken created = service.create(alice, CreateTokenRequest.named("ci"));
    VerifiedToken leaked = verifier.verify(created.token());
    down.set(true);
    try {
      assertThatThrownBy(() -> service.revokeReported(leaked, scanner))
          .isInstanceOfSatisfying(
              DzAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE));
    } finally {
      down.set(false);
    }
    assertThat(service.get(alice, created.record().id()).state()).isEqualTo(TokenStatus.ACTIVE);
  }
}
