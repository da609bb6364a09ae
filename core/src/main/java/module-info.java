/**
 * dz-auth core: keys, minting and verification of {@code dz_} tokens, the token-status cache and
 * feed poller, the token lifecycle, the stores (in-memory, JDBC, doorbells), and the IETF Token
 * Status List (codec, Status List Token, the issuer's publisher, a verify-only client).
 *
 * <p>Every exported package is API; types that are not public are internals. Nimbus JOSE+JWT is an
 * implementation detail: no exported signature mentions it.
 */
module dev.dzauth.core {
  requires com.nimbusds.jose.jwt;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;
  requires transitive java.net.http;
  requires transitive java.sql;
  requires static transitive org.jspecify;
  // Optional: the PostgreSQL doorbell uses the driver's LISTEN API, the Redis doorbell Jedis.
  requires static org.postgresql.jdbc;
  requires static redis.clients.jedis;
  requires static org.apache.commons.pool2;

  exports dev.dzauth;
  exports dev.dzauth.token;
  exports dev.dzauth.status;
  exports dev.dzauth.statuslist;
  exports dev.dzauth.publish;
  exports dev.dzauth.store;
  exports dev.dzauth.store.jdbc;
  exports dev.dzauth.store.redis;
  exports dev.dzauth.lifecycle;
  exports dev.dzauth.assembly;
}
