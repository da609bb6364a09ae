package dev.dzauth.store.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Opens the doorbell's TCP (optionally TLS) connections and keeps hold of them, so that {@link
 * #closeAll()} can abort any of them at once, even one still connecting or blocked in a read on a
 * dead network path — Jedis's own factory hides the socket until it is connected.
 */
final class Sockets {

  private final String host;
  private final int port;
  private final boolean tls;
  private final int connectTimeoutMillis;
  private final int socketTimeoutMillis;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  Sockets(String host, int port, boolean tls, int connectTimeoutMillis, int socketTimeoutMillis) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.socketTimeoutMillis = socketTimeoutMillis;
  }

  /** A factory for Jedis; {@link Factory#last()} is the plain socket it opened last. */
  Factory factory() {
    return new Factory();
  }

  /** Closes every socket opened and refuses new ones. */
  void closeAll() {
    closed = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  static void closeQuietly(@Nullable Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException | RuntimeException ignored) {
        // closing anyway
      }
    }
  }

  /** One Jedis socket factory; the subscriber uses one per connection, the pool one for all. */
  final class Factory implements JedisSocketFactory {
    private volatile @Nullable Socket last;

    /** The plain socket opened last (closing it aborts its TLS layer too), or null. */
    @Nullable Socket last() {
      return last;
    }

    @Override
    public Socket createSocket() {
      open.removeIf(Socket::isClosed);
      Socket plain = new Socket();
      last = plain;
      open.add(plain);
      if (closed) {
        closeQuietly(plain);
        throw new JedisConnectionException("the doorbell is closed");
      }
      try {
        plain.setTcpNoDelay(true);
        plain.setKeepAlive(true);
        plain.setSoTimeout(socketTimeoutMillis);
        plain.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        if (!tls) {
          return plain;
        }
        SSLSocket secure =
            (SSLSocket)
                ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(plain, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        return secure;
      } catch (IOException | RuntimeException e) {
        closeQuietly(plain);
        open.remove(plain);
        throw new JedisConnectionException(
            "cannot connect to Redis at " + host + ":" + port + ": " + e, e);
      }
    }
  }
}
