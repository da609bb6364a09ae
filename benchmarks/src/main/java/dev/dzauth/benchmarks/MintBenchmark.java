package dev.dzauth.benchmarks;

import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenMinter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
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
 * Mint, for each algorithm: {@link TokenMinter#mint} (claims, JSON, signature, display prefix)
 * beside the floor, a bare JCA signature over a signing input of the same length ({@code JCA}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MintBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MintBenchmark {

  @Param({"HS256", "ES256", "EdDSA", "RS256"})
  public SignatureAlgorithm alg;

  @Param({"DZ_AUTH", "JCA"})
  public String contender;

  private Fixture fixture;
  private TokenMinter minter;
  private byte[] signingInput;
  private Mac mac;
  private Signature signature;
  private PrivateKey privateKey;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new Fixture(alg);
    minter = fixture.minter;
    String jwt = Fixture.jwt(fixture.mint());
    signingInput = jwt.substring(0, jwt.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    if (alg == SignatureAlgorithm.HS256) {
      mac = Mac.getInstance("HmacSHA256");
      mac.init((SecretKey) fixture.signingKey());
    } else {
      signature = Signature.getInstance(fixture.jcaName());
      privateKey = (PrivateKey) fixture.signingKey();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Object mint() throws Exception {
    if ("DZ_AUTH".equals(contender)) {
      return minter.mint(Fixture.REQUEST);
    }
    if (mac != null) {
      return mac.doFinal(signingInput);
    }
    signature.initSign(privateKey);
    signature.update(signingInput);
    return signature.sign();
  }
}
