package dev.dzauth.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dzauth.status.MutableStatusList;
import dev.dzauth.statuslist.StatusListClient;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.StatusListReference;
import dev.dzauth.token.StatusListToken;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verify, warm, in verify-only mode beside the store-backed mode, in one run: the same ES256 token
 * (with its {@code status} claim) again, as a fresh {@code String} per op, as in {@link
 * VerifyWarmBenchmark}. {@code STORE}: the verifier over the status cache (anchored, a hit), as
 * {@code VerifyWarmBenchmark}'s dz-auth. {@code VERIFY_ONLY}: {@code TokenVerifier.verifyOnly} over
 * a {@link StatusListClient} of an issuer on 127.0.0.1 (a bare JDK server serving the JWK Set and
 * the list, fetched once in setup; the list's ttl outlasts the run). {@code COPY_ONLY}: the copy
 * alone. The target: {@code VERIFY_ONLY} within 1.2× of {@code STORE}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyOnlyWarmBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class VerifyOnlyWarmBenchmark {

  private static final String LIST_PATH = "/statuslists/1";

  @Param({"COPY_ONLY", "STORE", "VERIFY_ONLY"})
  public String mode;

  private Fixture fixture;
  private HttpServer issuer;
  private StatusListClient client;
  private TokenVerifier verifier;
  private char[] chars;
  private boolean copyOnly;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new Fixture(SignatureAlgorithm.ES256);
    issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + issuer.getAddress().getPort();
    String uri = base + LIST_PATH;
    Instant now = Instant.now();
    String list =
        new StatusListToken(
                uri,
                now,
                now.plus(Duration.ofHours(1)),
                Duration.ofMinutes(5),
                new MutableStatusList(2, 1024).snapshot())
            .sign(fixture.key);
    String jwks = KeySet.verificationOnly(fixture.key.toPublicKey()).toPublicJwkSetJson();
    issuer.createContext("/.well-known/jwks.json", x -> send(x, jwks));
    issuer.createContext(LIST_PATH, x -> send(x, list));
    issuer.start();

    // Both modes verify the same kind of token: with the status claim (a store-backed verifier
    // ignores it), so the copy costs the same.
    TokenMinter minter =
        TokenMinter.builder(Fixture.ISSUER, KeySetHolder.of(KeySet.of(fixture.key)))
            .statusLists((jti, request) -> new StatusListReference(uri, 7))
            .build();
    String token = fixture.record(minter.mint(Fixture.REQUEST));
    client = StatusListClient.builder(base).build();
    verifier =
        mode.equals("VERIFY_ONLY")
            ? TokenVerifier.verifyOnly(Fixture.ISSUER, client).build()
            : TokenVerifier.builder(Fixture.ISSUER, fixture.ring, fixture.statuses).build();
    verifier.verify(token);
    verifier.verify(new String(token.toCharArray()));
    if (verifier.stats().hits() != 1) {
      throw new IllegalStateException("the second verify was not a cache hit");
    }
    chars = token.toCharArray();
    copyOnly = mode.equals("COPY_ONLY");
  }

  private static void send(HttpExchange x, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    issuer.stop(0);
    fixture.close();
  }

  @Benchmark
  public Object verify() {
    String fresh = new String(chars);
    return copyOnly ? fresh : verifier.verify(fresh);
  }
}
