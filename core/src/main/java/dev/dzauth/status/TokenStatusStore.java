package dev.dzauth.status;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * SPI: answers a token's status by {@code jti}. Implementations must be thread-safe and should
 * bound their own latency (a JDBC query timeout, say); whatever they throw is treated as "store
 * unavailable" and never as a valid answer.
 */
@FunctionalInterface
public interface TokenStatusStore {

  /**
   * The state of the token with this {@code jti}; {@link VersionedStatus#unknown()} when there is
   * no record of it.
   *
   * @throws Exception when the store cannot answer
   */
  VersionedStatus status(String jti) throws Exception;

  /**
   * The states of several tokens in one call, every given {@code jti} a key of the answer. The
   * status cache batches concurrent misses through this; stores override it with one query. The
   * default asks {@link #status} for each.
   *
   * @throws Exception when the store cannot answer
   */
  default Map<String, VersionedStatus> statuses(Collection<String> jtis) throws Exception {
    Map<String, VersionedStatus> out = new HashMap<>(jtis.size() * 2);
    for (String jti : jtis) {
      out.put(jti, status(jti));
    }
    return out;
  }
}
