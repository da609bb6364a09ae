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
 * Verify, cold, EdDSA (Ed25519): as {@link VerifyColdBenchmark}, with the contenders that verify
 * Ed25519 on the JDK's own provider. Nimbus (hence Spring's decoder) needs Tink for Ed25519 and
 * java-jwt has no EdDSA, so they are absent here.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyColdEdDsaBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class VerifyColdEdDsaBenchmark {

  @Param({"DZ_AUTH", "JJWT", "JCA"})
  public Contender contender;

  private final Pool pool = new Pool();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    pool.setUp(SignatureAlgorithm.EdDSA, contender, false);
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
