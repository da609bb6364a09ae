package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the request validation of {@link TokenApi}: the create body ({@code
 * POST /api/v1/tokens}, {@link Bodies}) and the list query ({@code GET /api/v1/tokens}, {@link
 * Queries} and the cursor decoder behind it), through {@link TokenApi#handle} on an in-memory
 * store. Whatever the body or query, the answer is one of the contract's statuses with a JSON body;
 * {@code handle} never throws and never answers 5xx.
 *
 * <p>Campaigns: {@code hardening/fuzz.sh servlet-filter TokenApiFuzzTests 5m} (both targets, one
 * after the other, each for the annotation's {@code maxDuration}).
 */
final class TokenApiFuzzTests {

  @FuzzTest(maxDuration = "2m")
  void createBodyIsAnsweredWith201Or422(FuzzedDataProvider data) {
    Target.create(data);
  }

  @FuzzTest(maxDuration = "2m")
  void listQueryIsAnsweredWith200Or422(FuzzedDataProvider data) {
    Target.list(data);
  }

  /** Loaded on the first input: Jazzer breaks records loaded before its agent attached. */
  private static final class Target {

    private static final String ISSUER = "https://fuzz.test";
    private static final KeySetHolder KEYS = KeySetHolder.of(KeySet.of(TestKeys.es256()));
    private static final InMemoryTokenStore STORE = new InMemoryTokenStore();
    private static final StatusCache STATUSES = StatusCache.builder(STORE).build();
    private static final TokenService SERVICE =
        TokenService.builder(TokenMinter.builder(ISSUER, KEYS).build(), STORE, STATUSES).build();
    private static final TokenApi API =
        TokenApi.create(SERVICE, TokenVerifier.builder(ISSUER, KEYS, STATUSES).build());
    private static final VerifiedToken CALLER;

    static {
      Caller alice = new Caller("alice", "biz", Set.of(TokenApi.READ_SCOPE, TokenApi.WRITE_SCOPE));
      String token = SERVICE.create(alice, CreateTokenRequest.named("fuzz")).token();
      for (int i = 0; i < 3; i++) {
        SERVICE.create(alice, CreateTokenRequest.named("t" + i));
      }
      CALLER = TokenVerifier.builder(ISSUER, KEYS, STATUSES).build().verify(token);
    }

    static void create(FuzzedDataProvider data) {
      byte[] body = data.consumeRemainingAsBytes();
      ApiResponse r =
          API.handle(new ApiRequest("POST", TokenApi.TOKENS_PATH, Map.of(), body, CALLER));
      assertThat(r.status()).as(new String(body, StandardCharsets.UTF_8)).isIn(201, 403, 422);
      assertThat(r.bodyText()).startsWith("{");
    }

    static void list(FuzzedDataProvider data) {
      List<String> names =
          List.of(
              "include_revoked",
              "cursor",
              "limit",
              "direction",
              "include_total_count",
              "sort_by",
              "descending",
              "other");
      Map<String, List<String>> query = new LinkedHashMap<>();
      while (data.remainingBytes() > 0) {
        String name = data.pickValue(names);
        query.computeIfAbsent(name, n -> new ArrayList<>()).add(data.consumeString(200));
      }
      ApiResponse r =
          API.handle(new ApiRequest("GET", TokenApi.TOKENS_PATH, query, new byte[0], CALLER));
      assertThat(r.status()).as(query.toString()).isIn(200, 422);
      assertThat(r.bodyText()).startsWith("{");
    }
  }
}
