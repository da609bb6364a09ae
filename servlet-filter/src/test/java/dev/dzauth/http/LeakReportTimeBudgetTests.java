package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A leak report is worked on for at most {@link LeakReports#MAX_REPORT_TIME}: past it (a slow
 * store) the strings not reached are left and the answer is 503, to retry.
 */
final class LeakReportTimeBudgetTests {

  private final KeySetHolder keys = KeySetHolder.of(KeySet.of(TestKeys.es256()));
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final StatusCache statuses = StatusCache.builder(store).build();
  private final TokenService service =
      TokenService.builder(TokenMinter.builder("iss", keys).build(), store, statuses).build();
  private final TokenVerifier verifier = TokenVerifier.builder("iss", keys, statuses).build();
  private final Caller owner = new Caller("scanner", "biz", Set.of(TokenApi.REPORT_LEAKS_SCOPE));
  private final VerifiedToken caller =
      verifier.verify(service.create(owner, CreateTokenRequest.named("scanner")).token());

  /** Every reading of the clock is one second later than the one before. */
  private final AtomicLong clock = new AtomicLong();

  @AfterEach
  void close() {
    service.close();
    statuses.close();
  }

  private ApiRequest report(String token) {
    return new ApiRequest(
        "POST",
        TokenApi.LEAKS_PATH,
        Map.of(),
        ("{\"tokens\":[\"dz_garbage\",\"" + token + "\"]}").getBytes(StandardCharsets.UTF_8),
        caller,
        "application/json",
        null,
        null,
        null);
  }

  @Test
  void aReportPastItsTimeIsStoreUnavailableAndLeavesTheRest() {
    CreatedToken leaked = service.create(owner, CreateTokenRequest.named("leaked"));
    LeakReports reports =
        new LeakReports(
            service, verifier, 10, Duration.ofMillis(1500), () -> clock.addAndGet(1_000_000_000L));

    // Clock readings: the rate limit (1 s), the start (2 s), dz_garbage (3 s: 1 s in), the token
    // (4 s: 2 s in, past 1.5 s).
    assertThatThrownBy(() -> reports.answer(report(leaked.token()), caller))
        .isInstanceOfSatisfying(
            DzAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE));
    assertThat(service.get(owner, leaked.record().id()).revokedAt()).isNull();
  }

  @Test
  void withinItsTimeTheReportIsDone() {
    CreatedToken leaked = service.create(owner, CreateTokenRequest.named("leaked"));
    LeakReports reports =
        new LeakReports(
            service, verifier, 10, LeakReports.MAX_REPORT_TIME, () -> clock.addAndGet(1_000_000L));

    ApiResponse r = reports.answer(report(leaked.token()), caller);

    assertThat(r.status()).isEqualTo(200);
    assertThat(service.get(owner, leaked.record().id()).revokedBy())
        .isEqualTo("leak-report:scanner");
  }
}
