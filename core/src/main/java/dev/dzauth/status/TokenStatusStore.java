package dev.dzauth.status;

/**
 * SPI: answers a token's status by {@code jti}. Implementations must be thread-safe and should
 * bound their own latency (a JDBC query timeout, say); whatever they throw is treated as "store
 * unavailable" and never as a valid answer.
 */
@FunctionalInterface
public interface TokenStatusStore {

  /**
   * The state of the token with this {@code jti}; {@link TokenState#unknown()} when there is no
   * record of it.
   *
   * @throws Exception when the store cannot answer
   */
  TokenState status(String jti) throws Exception;
}
