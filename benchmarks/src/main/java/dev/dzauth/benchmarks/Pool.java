package dev.dzauth.benchmarks;

import dev.dzauth.token.SignatureAlgorithm;

/**
 * A pool of distinct pre-minted tokens, prepared for one contender, cycled one per op. HS256 mints
 * 4096 (cheap); the asymmetric algorithms 256, since signing costs up to milliseconds on JDK 17 and
 * no contender caches anything across tokens (dz-auth's cache is off in the cold benchmarks).
 */
final class Pool implements AutoCloseable {

  private Fixture fixture;
  private Contender.Check check;
  private Object[] inputs;
  private int next;

  void setUp(SignatureAlgorithm alg, Contender contender, boolean cache) throws Exception {
    fixture = new Fixture(alg);
    String[] tokens = fixture.mint(alg == SignatureAlgorithm.HS256 ? 4096 : 256);
    check = contender.create(fixture, cache);
    inputs = new Object[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      inputs[i] = check.prepare(tokens[i]);
      check.verify(inputs[i]); // every token verifies before anything is measured
    }
  }

  Object verifyNext() throws Exception {
    Object in = inputs[next++ & (inputs.length - 1)];
    return check.verify(in);
  }

  @Override
  public void close() {
    if (fixture != null) {
      fixture.close();
    }
  }
}
