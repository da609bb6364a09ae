package dev.dzauth.benchmarks;

import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thread scaling of the warm path: one shared {@link TokenVerifier} (HS256, cache on), each thread
 * verifying its own warm token as a fresh string per op. Throughput of {@code threads2} over {@code
 * threads1} is the scaling factor (target ≥ 1.8 on 2 cores).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyWarmScalingBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyWarmScalingBenchmark {

  /** The verifier every thread shares. */
  @State(Scope.Benchmark)
  public static class Shared {
    Fixture fixture;
    TokenVerifier verifier;

    @Setup(Level.Trial)
    public void setUp() {
      fixture = new Fixture(SignatureAlgorithm.HS256);
      verifier = fixture.verifier(10_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      fixture.close();
    }
  }

  /** Each thread's own token. */
  @State(Scope.Thread)
  public static class PerThread {
    char[] chars;

    @Setup(Level.Trial)
    public void setUp(Shared shared) {
      String token;
      synchronized (shared) {
        token = shared.fixture.mint();
      }
      shared.verifier.verify(token);
      chars = token.toCharArray();
    }
  }

  @Benchmark
  @Threads(1)
  public VerifiedToken threads1(Shared shared, PerThread t) {
    return shared.verifier.verify(new String(t.chars));
  }

  @Benchmark
  @Threads(2)
  public VerifiedToken threads2(Shared shared, PerThread t) {
    return shared.verifier.verify(new String(t.chars));
  }
}
