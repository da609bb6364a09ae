/**
 * {@link dev.dzauth.store.redis.RedisDoorbell}: a {@link dev.dzauth.status.Doorbell} on Redis
 * pub/sub, for stores whose database has no notification of its own (MariaDB, MySQL). Needs the
 * optional dependency {@code redis.clients:jedis}.
 */
@NullMarked
package dev.dzauth.store.redis;

import org.jspecify.annotations.NullMarked;
