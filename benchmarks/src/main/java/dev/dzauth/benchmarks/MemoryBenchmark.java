package dev.dzauth.benchmarks;

import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Heap held per cache entry, without an agent: each op builds an empty cache, measures the heap in
 * use after full GCs ({@link MemoryMXBean}), fills it with {@code entries} entries made the way
 * production makes them, forces GC again and reports {@code (after - before) / entries} as the aux
 * counter {@code bytesPerEntry} (the time score is just the fill time).
 *
 * <ul>
 *   <li>{@code VERIFIED}: a {@link TokenVerifier}'s verified-token cache (HS256, cache size =
 *       {@code entries}) filled by verifying {@code entries} distinct tokens, each as a fresh
 *       {@code String} as a request header would be (the cache keeps that string, the decoded
 *       {@code VerifiedToken} and its claims). The minted tokens are kept outside the cache as
 *       {@code char[]}s allocated before the first measurement, so only what the cache retains
 *       counts.
 *   <li>{@code STATUS}: a {@link StatusCache} ({@code maximumSize} = {@code entries}) given {@code
 *       entries} answers through {@code record} (fresh {@code jti} and record id strings, UUIDs, as
 *       parsed from a token and read from the store).
 * </ul>
 *
 * The defaults are 10,000 verified tokens and 100,000 statuses; {@code report.py} checks that
 * {@code 10,000 × VERIFIED + 100,000 × STATUS} fits in 64 MB. Single-shot, 3 measurements, 1 fork,
 * with a 512 MB heap so that the fill never triggers heap resizing noise.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MemoryBenchmark
 * java -jar benchmarks/target/benchmarks.jar MemoryBenchmark -p cache=STATUS -p entries=1000,10000,100000
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class MemoryBenchmark {

  /** Which cache. */
  public enum Cache {
    VERIFIED,
    STATUS
  }

  @Param({"VERIFIED", "STATUS"})
  public Cache cache;

  @Param({"1000", "10000", "100000"})
  public int entries;

  private Fixture fixture;
  private char[][] tokens;

  /** Bytes retained per entry, reported beside the fill time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Retained {
    public long bytesPerEntry;
    public long entries;
  }

  @Setup(Level.Trial)
  public void setUp() {
    fixture = new Fixture(SignatureAlgorithm.HS256);
    if (cache == Cache.VERIFIED) {
      tokens = new char[entries][];
      for (int i = 0; i < entries; i++) {
        tokens[i] = fixture.mint().toCharArray();
      }
      // The fixture's status cache now holds these tokens' statuses: measured before and after
      // alike.
    }
  }

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  @Benchmark
  public Object fill(Retained r) {
    Object held;
    long before;
    long after;
    if (cache == Cache.VERIFIED) {
      TokenVerifier verifier = fixture.verifier(entries);
      before = usedAfterGc();
      for (char[] t : tokens) {
        verifier.verify(new String(t));
      }
      after = usedAfterGc();
      Reference.reachabilityFence(verifier);
      held = verifier;
    } else {
      StatusCache statuses =
          StatusCache.builder(jti -> VersionedStatus.unknown()).maximumSize(entries).build();
      before = usedAfterGc();
      for (int i = 0; i < entries; i++) {
        statuses.record(
            UUID.randomUUID().toString(),
            VersionedStatus.of(
                UUID.randomUUID().toString(),
                TokenStatus.ACTIVE,
                0,
                Fixture.REQUEST.subject(),
                Fixture.REQUEST.businessId()));
      }
      after = usedAfterGc();
      Reference.reachabilityFence(statuses);
      held = statuses;
      statuses.close();
    }
    r.bytesPerEntry = (after - before) / entries;
    r.entries = entries;
    return held;
  }
}
