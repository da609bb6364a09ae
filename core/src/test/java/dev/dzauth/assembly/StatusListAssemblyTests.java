package dev.dzauth.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.testing.MutableClock;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.MintRequest;
import dev.dzauth.token.TokenMinter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An issuer assembly with status lists and a verify-only assembly of it, over real HTTP on
 * 127.0.0.1 (a bare JDK server serving the publisher's lists and the JWK Set): a token of the first
 * verifies on the second, and a revocation on the first is refused by the second once the list is
 * published and its ttl has run. Time is a {@link MutableClock}.
 */
class StatusListAssemblyTests {

  private final MutableClock clock = MutableClock.at(Instant.now());
  private HttpServer server;
  private DzAuth issuer;
  private VerifyOnly verifyOnly;
  private final AtomicInteger listRequests = new AtomicInteger();
  private final Caller alice = new Caller("alice", "b1", Set.of("tokens:read"));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    issuer =
        DzAuth.builder(base, KeySet.of(TestKeys.es256()))
            .statusLists(base + "/statuslists")
            .statusLists(p -> p.clock(clock).ticker(clock.ticker()).ttl(Duration.ofSeconds(10)))
            .minter(m -> m.clock(clock))
            .service(s -> s.clock(clock))
            .verifier(v -> v.clock(clock))
            .build();
    server.createContext("/.well-known/jwks.json", x -> send(x, 200, jwks(), null, null));
    server.createContext("/statuslists/", this::list);
    server.start();
    verifyOnly =
        DzAuth.verifyOnly(base)
            .client(c -> c.clock(clock).ticker(clock.ticker()).minTtl(Duration.ofSeconds(1)))
            .verifier(v -> v.clock(clock))
            .build();
  }

  private String jwks() {
    return issuer.keys().current().toPublicJwkSetJson();
  }

  private void list(HttpExchange x) throws IOException {
    listRequests.incrementAndGet();
    StatusListPublisher p = issuer.statusLists();
    String path = x.getRequestURI().getPath();
    Optional<StatusListPublisher.Published> published =
        p.published(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
    if (published.isEmpty()) {
      send(x, 404, "", null, null);
    } else if (published.get().matches(x.getRequestHeaders().getFirst("If-None-Match"))) {
      send(x, 304, null, published.get().etag(), null);
    } else {
      send(x, 200, published.get().jwt(), published.get().etag(), "application/statuslist+jwt");
    }
  }

  private static void send(HttpExchange x, int status, String body, String etag, String type)
      throws IOException {
    if (etag != null) {
      x.getResponseHeaders().add("ETag", etag);
    }
    if (type != null) {
      x.getResponseHeaders().add("Content-Type", type);
    }
    if (body == null) {
      x.sendResponseHeaders(status, -1);
      x.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @AfterEach
  void stop() {
    verifyOnly.close();
    issuer.close();
    server.stop(0);
  }

  @Test
  void aRevocationOnTheIssuerIsRefusedByTheVerifyOnlyServiceAfterTheListsTtl() {
    CreatedToken t = issuer.service().create(alice, CreateTokenRequest.named("t"));
    assertThat(issuer.verifier().verify(t.token()).jti()).isEqualTo(t.record().jti());
    assertThat(verifyOnly.verifier().verify(t.token()).subject()).isEqualTo("alice");

    issuer.service().revoke(alice, t.record().id(), "gone");
    issuer.statusLists().pollOnce();
    assertThat(verifyOnly.verifier().verify(t.token()).jti())
        .as("the list held is fresh")
        .isNotNull();
    clock.advance(Duration.ofSeconds(10));
    issuer.statusLists().pollOnce();
    DzAuthException e =
        catchThrowableOfType(DzAuthException.class, () -> verifyOnly.verifier().verify(t.token()));
    assertThat(e.reason()).isEqualTo(Reason.REVOKED);
  }

  @Test
  void aTokenMintedWithoutStatusListsIsRefusedByTheVerifyOnlyService() {
    String old =
        TokenMinter.builder(issuer.minter().issuer(), issuer.keys())
            .clock(clock)
            .build()
            .mint(new MintRequest("alice", "b1", Set.of(), Duration.ofDays(1)))
            .token();
    DzAuthException e =
        catchThrowableOfType(DzAuthException.class, () -> verifyOnly.verifier().verify(old));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TOKEN);
  }

  @Test
  void statusListsNeedAnAsymmetricSigningKey() {
    assertThatThrownBy(
            () ->
                DzAuth.builder("https://a.example", KeySetHolder.of(KeySet.of(TestKeys.hs256())))
                    .statusLists("https://a.example/statuslists")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("statusLists needs an asymmetric");
  }

  @Test
  void withoutStatusListsThereIsNoPublisherAndTokensHaveNoStatusClaim() {
    try (DzAuth plain = DzAuth.builder("https://a.example", KeySet.of(TestKeys.es256())).build()) {
      assertThat(plain.statusLists()).isNull();
      assertThat(plain.minter().hasStatusLists()).isFalse();
    }
    assertThat(issuer.minter().hasStatusLists()).isTrue();
  }
}
