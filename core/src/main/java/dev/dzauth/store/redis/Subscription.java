package dev.dzauth.store.redis;

import java.net.Socket;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.JedisPubSub;

/**
 * One subscribed connection of a {@link RedisDoorbell}: rings on the feed channel (except for this
 * instance's own announcements), and keeps the state of its keepalive ping, shared between the
 * subscriber thread (which receives the pings) and the watchdog (which sends them and declares the
 * connection dead when one does not come back).
 */
final class Subscription extends JedisPubSub {

  private final RedisDoorbell doorbell;
  private final Runnable ring;
  private final Sockets.Factory socket;
  private final long createdNanos = System.nanoTime();
  private boolean subscribed; // guarded by this
  private boolean awaiting; // guarded by this
  private long pingId; // guarded by this
  private long pingSentNanos; // guarded by this
  private volatile boolean confirmed;
  private volatile @Nullable String deathReason;

  Subscription(RedisDoorbell doorbell, Runnable ring, Sockets.Factory socket) {
    this.doorbell = doorbell;
    this.ring = ring;
    this.socket = socket;
  }

  Sockets.Factory socket() {
    return socket;
  }

  @Override
  public void onSubscribe(String channel, int subscribedChannels) {
    if (subscribedChannels == 2) {
      synchronized (this) {
        subscribed = true;
      }
      ringQuietly(); // changes may have been committed while nobody listened
      doorbell.ping(this);
    }
  }

  @Override
  public void onMessage(String channel, String message) {
    if (doorbell.pingChannel().equals(channel)) {
      boolean ours;
      synchronized (this) {
        ours = awaiting && Long.toString(pingId).equals(message);
        if (ours) {
          awaiting = false;
        }
      }
      if (ours) {
        confirmed = true;
        doorbell.confirmed(this);
      }
    } else if (!doorbell.instanceId().equals(message)) {
      ringQuietly(); // this instance's own changes are already in its cache
    }
  }

  private void ringQuietly() {
    try {
      ring.run();
    } catch (RuntimeException ignored) {
      // the poller's wake() does not throw; a ring is only a hint anyway
    }
  }

  /** Records a ping about to be published; returns its payload. */
  synchronized String nextPing(long id, long nowNanos) {
    awaiting = true;
    pingId = id;
    pingSentNanos = nowNanos;
    return Long.toString(id);
  }

  /**
   * The watchdog's verdict at {@code nowNanos}: why this connection is dead (not subscribed, or a
   * ping not back, within {@code keepaliveNanos}), {@code ""} when a ping is due, else null.
   */
  synchronized @Nullable String check(long nowNanos, long keepaliveNanos) {
    if (!subscribed) {
      return nowNanos - createdNanos > keepaliveNanos
          ? "not subscribed within the keepalive"
          : null;
    }
    long since = nowNanos - pingSentNanos;
    if (awaiting) {
      return since > keepaliveNanos
          ? "a ping published to itself did not come back within the keepalive"
          : null;
    }
    return since >= keepaliveNanos ? "" : null;
  }

  /** Whether a ping made the round trip on this connection. */
  boolean confirmed() {
    return confirmed;
  }

  /** Declares the connection dead: closes its socket, so a read blocked on it returns at once. */
  void kill(String reason) {
    deathReason = reason;
    Socket s = socket.last();
    Sockets.closeQuietly(s);
  }

  @Nullable String deathReason() {
    return deathReason;
  }
}
