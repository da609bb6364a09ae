package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the store cannot answer, introspection and leak reports say so (503 with {@code
 * Retry-After}): RFC 7662 has no "unknown", and {@code active: false} would be a lie; a report
 * whose tokens could not all be checked is not answered 200.
 */
final class IntrospectionAndLeaksOutageTests {

  private final KeySetHolder keys = KeySetHolder.of(KeySet.of(TestKeys.es256()));
  private final SwitchableTokenStore store = new SwitchableTokenStore(new InMemoryTokenStore());
  private final StatusCache statuses = StatusCache.builder(store).build();
  private final TokenService service =
      TokenService.builder(TokenMinter.builder("iss", keys).build(), store, statuses).build();
  private final TokenVerifier verifier = TokenVerifier.builder("iss", keys, statuses).build();
  private final TokenApi api = TokenApi.create(service, verifier);
  private final Caller owner =
      new Caller("rs", "biz", Set.of(TokenApi.INTROSPECT_SCOPE, TokenApi.REPORT_LEAKS_SCOPE, "x"));
  private final VerifiedToken caller =
      verifier.verify(service.create(owner, CreateTokenRequest.named("rs")).token());

  @AfterEach
  void close() {
    store.setDown(false);
    service.close();
    statuses.close();
  }

  private ApiResponse introspect(String token) {
    return api.handle(
        new ApiRequest(
            "POST",
            TokenApi.INTROSPECT_PATH,
            Map.of(),
            ("token=" + token).getBytes(StandardCharsets.UTF_8),
            caller,
            "application/x-www-form-urlencoded",
            null,
            null,
            null));
  }

  private ApiResponse report(String... tokens) {
    String body = "{\"tokens\":[\"" + String.join("\",\"", tokens) + "\"]}";
    return api.handle(
        new ApiRequest(
            "POST",
            TokenApi.LEAKS_PATH,
            Map.of(),
            body.getBytes(StandardCharsets.UTF_8),
            caller,
            "application/json",
            "198.51.100.4",
            "scanner",
            null));
  }

  @Test
  void introspectionDuringAnOutageIs503NotInactive() {
    CreatedToken target = service.create(owner, CreateTokenRequest.named("target"));
    statuses.invalidateAll();
    store.setDown(true);

    ApiResponse r = introspect(target.token());

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.headers()).containsEntry("Retry-After", "5");
    assertThat(r.bodyText()).isEqualTo("{\"detail\":\"Token store unavailable, retry later\"}");
    // A malformed token needs no store: still inactive.
    assertThat(introspect("dz_garbage").bodyText()).isEqualTo("{\"active\":false}");

    store.setDown(false);
    assertThat(introspect(target.token()).bodyText()).startsWith("{\"active\":true,");
  }

  @Test
  void aLeakReportDuringAnOutageIs503AndTheRetryRevokes() {
    CreatedToken target = service.create(owner, CreateTokenRequest.named("target"));
    statuses.invalidateAll();
    store.setDown(true);

    ApiResponse r = report("dz_garbage", target.token());
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.headers()).containsKey("Retry-After");

    store.setDown(false);
    assertThat(service.get(owner, target.record().id()).revokedAt()).isNull();
    ApiResponse retried = report("dz_garbage", target.token());
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.bodyText()).isEqualTo("{\"received\":2}");
    assertThat(service.get(owner, target.record().id()).revokedBy()).isEqualTo("leak-report:rs");
  }

  @Test
  void aReportOfOnlyStringsThatAreNotTokensNeedsNoStore() {
    store.setDown(true);
    assertThat(report("dz_garbage", "ghp_x", "").status()).isEqualTo(200);
  }
}
