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
 * Verify, warm: the same token again, the path a long-lived API token takes on every request.
 * dz-auth answers from its verified-token cache (time claims, key and status still checked); the
 * competitors re-verify, having no such cache.
 *
 * <p>Every op verifies a <em>fresh</em> {@code String} made from a {@code char[]}, as a request
 * header would be: its hash is not cached, so a cache keyed on {@code String.hashCode()} pays for
 * hashing the whole token. {@code COPY_ONLY} measures that copy alone; subtract it from the others.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyWarmBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class VerifyWarmBenchmark {

  /** The baseline: the fresh string copy alone. */
  static final String COPY_ONLY = "COPY_ONLY";

  @Param({"HS256", "ES256"})
  public SignatureAlgorithm alg;

  @Param({COPY_ONLY, "DZ_AUTH", "NIMBUS", "SPRING", "JJWT", "AUTH0"})
  public String contender;

  private Fixture fixture;
  private Contender.Check check;
  private char[] chars;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new Fixture(alg);
    String token = fixture.mint();
    Contender c = COPY_ONLY.equals(contender) ? Contender.DZ_AUTH : Contender.valueOf(contender);
    Contender.Check verifier = c.create(fixture, true);
    String input = (String) verifier.prepare(token);
    verifier.verify(input);
    check = COPY_ONLY.equals(contender) ? null : verifier;
    chars = input.toCharArray();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Object verify() throws Exception {
    String fresh = new String(chars);
    return check == null ? fresh : check.verify(fresh);
  }
}
