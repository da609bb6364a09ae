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
 * threads1} is the scaling factor (target ≥ 1.8 on 2 cores). {@code control1}/{@code control2} are
 * the machine's own ceiling, the negative control: each thread copies its token to a fresh string
 * and HMACs a per-thread 256-byte input with its own {@code Mac}, sharing nothing, so {@code
 * control2 / control1} is what any shared-nothing CPU-bound code gets from the second core here
 * (below 2 when the two vCPUs share a physical core or the host is busy).
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

  /** Each thread's own token, and its own MAC and input for the control. */
  @State(Scope.Thread)
  public static class PerThread {
    char[] chars;
    javax.crypto.Mac mac;
    final byte[] input = new byte[256];

    @Setup(Level.Trial)
    public void setUp(Shared shared) {
      String token;
      synchronized (shared) {
        token = shared.fixture.mint();
      }
      shared.verifier.verify(token);
      chars = token.toCharArray();
      try {
        mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
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

  @Benchmark
  @Threads(1)
  public byte[] control1(PerThread t) {
    String copy = new String(t.chars);
    t.input[0] = (byte) copy.length();
    return t.mac.doFinal(t.input);
  }

  @Benchmark
  @Threads(2)
  public byte[] control2(PerThread t) {
    String copy = new String(t.chars);
    t.input[0] = (byte) copy.length();
    return t.mac.doFinal(t.input);
  }
}
