package dev.dzauth.benchmarks;

import dev.dzauth.token.SignatureAlgorithm;
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
 * Verify, cold: a token not in dz-auth's verified-token cache (the cache is off, {@code
 * verifiedCacheSize(0)}), so every op parses, checks the header, verifies the signature and checks
 * the claims, then the status (a status-cache hit: add {@link StatusBenchmark#miss} for a token
 * whose status is cold too). Beside raw Nimbus, Spring Security's {@code NimbusJwtDecoder}, jjwt,
 * auth0 java-jwt and the floor, a bare JCA {@code Mac}/{@code Signature} over the signing input.
 * Ops cycle through a pool of distinct pre-minted tokens.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyColdBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class VerifyColdBenchmark {

  @Param({"HS256", "ES256", "RS256"})
  public SignatureAlgorithm alg;

  @Param({"DZ_AUTH", "NIMBUS", "SPRING", "JJWT", "AUTH0", "JCA"})
  public Contender contender;

  private final Pool pool = new Pool();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    pool.setUp(alg, contender, false);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  @Benchmark
  public Object verify() throws Exception {
    return pool.verifyNext();
  }
}
