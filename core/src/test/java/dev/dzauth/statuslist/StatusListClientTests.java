package dev.dzauth.statuslist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.MutableStatusList;
import dev.dzauth.status.StatusList;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.testing.Await;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.testing.Tokens;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.StatusListToken;
import dev.dzauth.token.TokenKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verify-only Token Status List client against a real HTTP server on 127.0.0.1. Time is a
 * {@link MutableClock} (wall clock and ticker in one), never a sleep.
 */
class StatusListClientTests {

  private static final String PATH = "/statuslists/1";
  private static final Duration TTL = Duration.ofSeconds(60);

  private final MutableClock clock = MutableClock.fixed();
  private final TokenKey key = TestKeys.es256();
  private IssuerServer server;
  private final List<StatusListClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new IssuerServer();
    server.jwks = KeySet.verificationOnly(key.toPublicKey()).toPublicJwkSetJson();
  }

  @AfterEach
  void stop() {
    clients.forEach(StatusListClient::close);
    server.close();
  }

  private StatusListClient.Builder builder() {
    return StatusListClient.builder(server.base()).clock(clock).ticker(clock.ticker());
  }

  private StatusListClient client() {
    return track(builder().build());
  }

  private StatusListClient track(StatusListClient c) {
    clients.add(c);
    return c;
  }

  /** A list of 16 entries: 0 valid, 1 invalid, 2 suspended, 3 (application specific). */
  private static StatusList list() {
    return new MutableStatusList(2, 16).set(1, 1).set(2, 2).set(3, 3).snapshot();
  }

  private String signed(String path, StatusList list, Duration lifetime, TokenKey signer) {
    Instant now = clock.instant();
    return new StatusListToken(server.url(path), now, now.plus(lifetime), TTL, list).sign(signer);
  }

  private void publish(String path, StatusList list, String etag) {
    server.serve(path, signed(path, list, Duration.ofHours(1), key), etag);
  }

  // --- a valid list

  @Test
  void aValidListAnswersEveryStatusAndIsFetchedOnce() {
    publish(PATH, list(), "\"v1\"");
    StatusListClient client = client();
    String uri = server.url(PATH);

    assertThat(client.status(uri, 0)).isEqualTo(TokenStatus.ACTIVE);
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    assertThat(client.status(uri, 2)).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(client.status(uri, 3)).as("3 is treated as invalid").isEqualTo(TokenStatus.REVOKED);
    assertThat(client.status(uri, 15)).isEqualTo(TokenStatus.ACTIVE);
    assertThat(client.status(uri, 16)).as("outside the list").isEqualTo(TokenStatus.UNKNOWN);
    assertThat(client.status(uri, -1)).isEqualTo(TokenStatus.UNKNOWN);

    assertThat(server.listRequests).hasValue(1);
    assertThat(server.jwksRequests).hasValue(1);
    assertThat(server.accept).containsExactly("application/statuslist+jwt");
    clock.advance(TTL.minusSeconds(1));
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    assertThat(server.listRequests).hasValue(1);
  }

  @Test
  void aFreshListAnswersWithoutAllocating() {
    publish(PATH, list(), "\"v1\"");
    // MutableClock's ticker makes a Duration per reading; this one reads a constant.
    StatusListClient client = track(builder().ticker(() -> 0L).build());
    String uri = server.url(PATH);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int sum = 0;
    for (int i = 0; i < 200_000; i++) {
      sum += client.status(uri, i & 15).ordinal();
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      sum += client.status(uri, i & 15).ordinal();
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(sum).isPositive();
    // One allocation per call would be at least 16 MB.
    assertThat(allocated).isLessThan(64 * 1024);
  }

  // --- refetching after ttl, conditionally

  @Test
  void afterTtlTheListIsAskedForWithIfNoneMatchAndA304RestartsItsTtl() {
    publish(PATH, list(), "\"v1\"");
    StatusListClient client = client();
    String uri = server.url(PATH);
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);

    clock.advance(TTL.plusSeconds(1));
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    assertThat(server.ifNoneMatch).containsExactly("(none)", "\"v1\"");

    clock.advance(TTL.minusSeconds(1)); // within the ttl the 304 restarted
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    assertThat(server.listRequests).hasValue(2);

    publish(PATH, new MutableStatusList(2, 16).snapshot(), "\"v2\"");
    clock.advance(Duration.ofSeconds(2));
    assertThat(client.status(uri, 1)).as("the new list").isEqualTo(TokenStatus.ACTIVE);
    assertThat(server.ifNoneMatch).containsExactly("(none)", "\"v1\"", "\"v1\"");
    assertThat(server.jwksRequests).hasValue(1);
  }

  @Test
  void a304NeverCarriesAListPastItsExp() {
    server.serve(PATH, signed(PATH, list(), Duration.ofSeconds(100), key), "\"v1\"");
    StatusListClient client = client();
    String uri = server.url(PATH);
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);

    clock.advance(TTL.plusSeconds(1)); // 304: fresh again, but only until exp (t = 100 s)
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    clock.advance(Duration.ofSeconds(38)); // t = 99 s
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    assertThat(server.listRequests).hasValue(2);

    clock.advance(Duration.ofSeconds(1)); // t = 100 s: exp; the expired copy is not revalidated
    publish(PATH, new MutableStatusList(2, 16).snapshot(), "\"v2\"");
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.ACTIVE);
    assertThat(server.ifNoneMatch).containsExactly("(none)", "\"v1\"", "(none)");
  }

  // --- keys

  @Test
  void anUnknownKidRefetchesTheJwkSetOnceAndASecondInsideTheRateLimitIsRefused() {
    TokenKey second = TokenKey.generate(SignatureAlgorithm.ES256, "second");
    TokenKey third = TokenKey.generate(SignatureAlgorithm.EdDSA, "third");
    publish(PATH, list(), "\"v1\"");
    StatusListClient client = client();
    assertThat(client.status(server.url(PATH), 1)).isEqualTo(TokenStatus.REVOKED);
    assertThat(server.jwksRequests).hasValue(1);

    // Rotation: the issuer publishes a new key and signs a new list with it.
    server.jwks =
        KeySet.verificationOnly(key.toPublicKey(), second.toPublicKey()).toPublicJwkSetJson();
    clock.advance(Duration.ofSeconds(31));
    server.serve(
        "/statuslists/2", signed("/statuslists/2", list(), Duration.ofHours(1), second), "a");
    assertThat(client.status(server.url("/statuslists/2"), 2)).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(server.jwksRequests).hasValue(2);

    // Another rotation 10 s later: inside the 30 s rate limit, the set is not asked again.
    server.jwks =
        KeySet.verificationOnly(key.toPublicKey(), second.toPublicKey(), third.toPublicKey())
            .toPublicJwkSetJson();
    clock.advance(Duration.ofSeconds(10));
    server.serve(
        "/statuslists/3", signed("/statuslists/3", list(), Duration.ofHours(1), third), "b");
    DzAuthException refused = unavailable(() -> client.status(server.url("/statuslists/3"), 0));
    assertThat(refused.getCause())
        .isInstanceOfSatisfying(
            DzAuthException.class, c -> assertThat(c.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    assertThat(server.jwksRequests).hasValue(2);

    // Past the rate limit (and the retry interval) it is.
    clock.advance(Duration.ofSeconds(21));
    assertThat(client.status(server.url("/statuslists/3"), 0)).isEqualTo(TokenStatus.ACTIVE);
    assertThat(server.jwksRequests).hasValue(3);
  }

  // --- lists that are refused

  @Test
  void aWrongTypIsRefused() {
    Map<String, Object> header = header();
    header.put("typ", "JWT");
    assertRefused(craft(header, claims(PATH)), Reason.WRONG_TYPE);
  }

  @Test
  void aListForAnotherUriIsRefused() {
    server.serve(PATH, signed("/statuslists/other", list(), Duration.ofHours(1), key), "x");
    assertRefused(null, Reason.INVALID_CLAIMS);
  }

  @Test
  void anExpiredListIsRefused() {
    Map<String, Object> claims = claims(PATH);
    claims.put("iat", clock.instant().minusSeconds(7200).getEpochSecond());
    claims.put("exp", clock.instant().minusSeconds(1).getEpochSecond());
    assertRefused(craft(header(), claims), Reason.EXPIRED);
  }

  @Test
  void aBadSignatureIsRefused() {
    TokenKey impostor = TokenKey.generate(SignatureAlgorithm.ES256, key.id());
    assertRefused(signed(PATH, list(), Duration.ofHours(1), impostor), Reason.BAD_SIGNATURE);
  }

  @Test
  void algNoneIsRefused() {
    Map<String, Object> header = header();
    header.put("alg", "none");
    String unsigned = Tokens.jws(Tokens.unsigned(header, claims(PATH)));
    assertRefused(unsigned + "c2ln", Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void aListOfTheDzTokenTypeOrWithAJkuIsRefused() {
    Map<String, Object> header = header();
    header.put("jku", server.url("/.well-known/jwks.json"));
    assertRefused(craft(header, claims(PATH)), Reason.UNSUPPORTED_HEADER);
  }

  private void assertRefused(String jwt, Reason reason) {
    if (jwt != null) {
      server.serve(PATH, jwt, "\"bad\"");
    }
    StatusListClient client = client();
    DzAuthException e = unavailable(() -> client.status(server.url(PATH), 0));
    assertThat(e.getCause())
        .isInstanceOfSatisfying(
            DzAuthException.class, c -> assertThat(c.reason()).isEqualTo(reason));
    assertThat(e.getMessage()).doesNotContain(jwt == null ? "\0" : jwt);
  }

  // --- outages: the bound

  @Test
  void whileTheServerIsDownTheListAnswersUntilTtlPlusMaxStalenessThenFailsClosed() {
    publish(PATH, list(), "\"v1\"");
    StatusListClient client = track(builder().maxStaleness(Duration.ofMinutes(5)).build());
    String uri = server.url(PATH);
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);

    server.failLists = 503;
    clock.advance(TTL.plusSeconds(1));
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    assertThat(server.listRequests).hasValue(2);
    assertThat(client.status(uri, 0)).as("within the retry interval").isEqualTo(TokenStatus.ACTIVE);
    assertThat(server.listRequests).hasValue(2);

    clock.advance(Duration.ofMinutes(5).minusSeconds(2)); // fetched + ttl + 5 min - 1 s
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    assertThat(server.listRequests).hasValue(3);

    clock.advance(Duration.ofSeconds(1)); // fetched + ttl + 5 min: past the bound
    DzAuthException e = unavailable(() -> client.status(uri, 1));
    assertThat(e).hasMessageContaining("HTTP 503");
    assertThat(e.reason().kind()).isEqualTo(DzAuthException.Kind.UNAVAILABLE);

    server.failLists = 0;
    clock.advance(Duration.ofSeconds(2)); // past the retry interval
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
  }

  @Test
  void aRefusedConnectionCountsAsAnOutage() {
    publish(PATH, list(), "\"v1\"");
    StatusListClient client = client();
    String uri = server.url(PATH);
    assertThat(client.status(uri, 2)).isEqualTo(TokenStatus.SUSPENDED);

    server.stop();
    clock.advance(TTL.plusSeconds(1));
    assertThat(client.status(uri, 2)).isEqualTo(TokenStatus.SUSPENDED);
    clock.advance(Duration.ofMinutes(5));
    assertThat(unavailable(() -> client.status(uri, 2))).hasMessageContaining(uri);
  }

  @Test
  void anOutageNeverServesAListPastItsExp() {
    server.serve(PATH, signed(PATH, list(), Duration.ofSeconds(90), key), "\"v1\"");
    StatusListClient client = client();
    String uri = server.url(PATH);
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);

    server.failLists = 500;
    clock.advance(TTL.plusSeconds(1));
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    clock.advance(Duration.ofSeconds(28)); // t = 89 s
    assertThat(client.status(uri, 1)).isEqualTo(TokenStatus.REVOKED);
    clock.advance(Duration.ofSeconds(1)); // t = 90 s = exp, well inside ttl + maxStaleness
    unavailable(() -> client.status(uri, 1));
  }

  @Test
  void withNoListYetAnOutageFailsClosedAtOnce() {
    server.failLists = 503;
    StatusListClient client = client();
    unavailable(() -> client.status(server.url(PATH), 0));
    unavailable(() -> client.status(server.url(PATH), 0)); // backing off: not asked again
    assertThat(server.listRequests).hasValue(1);
  }

  @Test
  void anOutageIsLoggedOnceAndItsEndOnce() {
    publish(PATH, list(), "\"v1\"");
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String uri = server.url(PATH);
    try {
      StatusListClient client = client();
      client.status(uri, 0);
      server.failLists = 503;
      for (int i = 0; i < 50; i++) {
        clock.advance(Duration.ofSeconds(61));
        try {
          client.status(uri, 0);
        } catch (DzAuthException expected) {
          // past the bound
        }
      }
      server.failLists = 0;
      clock.advance(Duration.ofSeconds(3));
      assertThat(client.status(uri, 0)).isEqualTo(TokenStatus.ACTIVE);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log.lines().filter(l -> l.contains("StatusListClient"))).as(log).hasSize(2);
    assertThat(log).contains("cannot be fetched: HTTP 503").contains("answers again");
    assertThat(log).doesNotContain("eyJ");
  }

  // --- bounds

  @Test
  void anOversizedBodyIsRefusedDeclaredOrNot() {
    server.serve(PATH, "x".repeat(4096), "\"big\"");
    StatusListClient client = track(builder().maxResponseBytes(1024).build());
    assertThat(unavailable(() -> client.status(server.url(PATH), 0)))
        .hasMessageContaining("declares 4096 bytes");

    server.chunked = true;
    clock.advance(Duration.ofSeconds(3));
    assertThat(unavailable(() -> client.status(server.url(PATH), 0)))
        .hasMessageContaining("exceeds the 1024 bytes allowed");
  }

  @Test
  void aListInflatingPastMaxListBytesIsRefused() {
    publish(PATH, new MutableStatusList(8, 4096).snapshot(), "\"v1\"");
    StatusListClient client = track(builder().maxListBytes(1024).build());
    DzAuthException e = unavailable(() -> client.status(server.url(PATH), 0));
    assertThat(e).hasMessageContaining("more than 1024 bytes");
  }

  @Test
  void concurrentCallersShareOneFetch() throws Exception {
    publish(PATH, list(), "\"v1\"");
    StatusListClient client = client();
    String uri = server.url(PATH);
    server.entered = new CountDownLatch(1);
    server.gate = new CountDownLatch(1);
    List<Thread> callers = new CopyOnWriteArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r);
              callers.add(t);
              return t;
            });
    try {
      List<Future<TokenStatus>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> client.status(uri, 2)));
      }
      assertThat(server.entered.await(10, TimeUnit.SECONDS)).isTrue();
      // Every caller is parked: one waits for the server, seven for that one fetch.
      Await.until(
          "8 callers waiting",
          Duration.ofSeconds(10),
          () ->
              callers.size() == 8
                  && callers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
      server.gate.countDown();
      for (Future<TokenStatus> a : answers) {
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(TokenStatus.SUSPENDED);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.listRequests).hasValue(1);
    assertThat(server.jwksRequests).hasValue(1);
  }

  @Test
  void aUriOffTheIssuersOriginIsRefusedWithoutARequest() {
    publish(PATH, list(), "\"v1\"");
    StatusListClient client = client();
    int otherPort = server.port() == 65535 ? 65534 : server.port() + 1;
    for (String uri :
        List.of(
            "http://evil.example" + PATH,
            "http://127.0.0.1:" + otherPort + PATH,
            "https://127.0.0.1:" + server.port() + PATH,
            "http://localhost:" + server.port() + PATH,
            "http://user@127.0.0.1:" + server.port() + PATH,
            "http://127.0.0.1:" + server.port() + PATH + "#x",
            "file:///etc/passwd",
            PATH,
            "http://[::1]:" + server.port() + PATH,
            "not a uri")) {
      DzAuthException e = catchThrowableOfType(DzAuthException.class, () -> client.status(uri, 0));
      assertThat(e).as(uri).isNotNull();
      assertThat(e.reason()).as(uri).isEqualTo(Reason.INVALID_CLAIMS);
    }
    assertThat(server.listRequests).hasValue(0);
    assertThat(server.jwksRequests).hasValue(0);
  }

  @Test
  void aRedirectIsNotFollowedAndAnInjectedClientsRedirectOffTheOriginIsRefused() {
    // "localhost" is another origin than "127.0.0.1", though the same server.
    server.serve("/statuslists/elsewhere", signed(PATH, list(), Duration.ofHours(1), key), "e");
    server.redirectFrom = PATH;
    server.redirectTo = "http://localhost:" + server.port() + "/statuslists/elsewhere";
    StatusListClient client = client();
    assertThat(unavailable(() -> client.status(server.url(PATH), 0)))
        .hasMessageContaining("HTTP 302");
    assertThat(server.listRequests).hasValue(1);

    StatusListClient following =
        track(
            builder()
                .httpClient(
                    java.net.http.HttpClient.newBuilder()
                        .followRedirects(java.net.http.HttpClient.Redirect.ALWAYS)
                        .build())
                .build());
    assertThat(unavailable(() -> following.status(server.url(PATH), 0)))
        .hasMessageContaining("off the issuer's origin");
    assertThat(server.listRequests).as("the redirect was followed").hasValue(3);
    assertThat(server.jwksRequests).as("but its answer never verified").hasValue(0);
  }

  // --- configuration and lifecycle

  @Test
  void theBuilderChecksItsBounds() {
    assertThat(track(StatusListClient.builder("https://auth.example.com/").build()).jwksUri())
        .hasToString("https://auth.example.com/.well-known/jwks.json");
    assertThat(
            track(
                    StatusListClient.builder("https://auth.example.com/base")
                        .jwksUri("https://keys.example.com/jwks")
                        .build())
                .jwksUri())
        .hasToString("https://keys.example.com/jwks");
    assertThatThrownBy(() -> StatusListClient.builder("http://auth.example.com").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowPlainHttp");
    assertThat(
            track(StatusListClient.builder("http://auth.internal").allowPlainHttp(true).build())
                .issuer())
        .hasToString("http://auth.internal");
    assertThatThrownBy(() -> StatusListClient.builder("ftp://auth.example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusListClient.builder("https://auth.example.com?x=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> builder().minTtl(Duration.ofMinutes(10)).maxTtl(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().maxResponseBytes(10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().maxLists(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ttlIsClampedToTheConfiguredRange() {
    Instant now = clock.instant();
    server.serve(
        PATH,
        new StatusListToken(server.url(PATH), now, null, Duration.ofSeconds(1), list()).sign(key),
        "\"v1\"");
    StatusListClient client = track(builder().minTtl(Duration.ofSeconds(20)).build());
    String uri = server.url(PATH);
    client.status(uri, 0);
    clock.advance(Duration.ofSeconds(19));
    client.status(uri, 0);
    assertThat(server.listRequests).as("ttl 1 s counts as minTtl 20 s").hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    client.status(uri, 0);
    assertThat(server.listRequests).hasValue(2);

    server.serve(
        "/statuslists/long",
        new StatusListToken(server.url("/statuslists/long"), now, null, Duration.ofDays(2), list())
            .sign(key),
        "\"v1\"");
    StatusListClient capped = track(builder().maxTtl(Duration.ofMinutes(2)).build());
    capped.status(server.url("/statuslists/long"), 0);
    clock.advance(Duration.ofMinutes(2));
    capped.status(server.url("/statuslists/long"), 0);
    assertThat(server.listRequests).as("ttl 2 days counts as maxTtl 2 min").hasValue(4);
  }

  @Test
  void aClosedClientRefusesCalls() {
    publish(PATH, list(), "\"v1\"");
    StatusListClient client = client();
    client.status(server.url(PATH), 0);
    client.close();
    assertThatThrownBy(() -> client.status(server.url(PATH), 0))
        .isInstanceOf(IllegalStateException.class);
  }

  // --- helpers

  private Map<String, Object> header() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", "ES256");
    h.put("typ", "statuslist+jwt");
    h.put("kid", key.id());
    return h;
  }

  private Map<String, Object> claims(String path) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", server.url(path));
    c.put("iat", clock.instant().getEpochSecond());
    c.put("exp", clock.instant().plusSeconds(3600).getEpochSecond());
    c.put("ttl", 60);
    c.put("status_list", Map.of("bits", 2, "lst", list().encode()));
    return c;
  }

  private String craft(Map<String, Object> header, Map<String, Object> claims) {
    return Tokens.jws(Tokens.sign(key, header, claims));
  }

  private static DzAuthException unavailable(ThrowingCallable call) {
    DzAuthException e = catchThrowableOfType(DzAuthException.class, call);
    assertThat(e).as("expected STORE_UNAVAILABLE").isNotNull();
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.STORE_UNAVAILABLE);
    return e;
  }
}
