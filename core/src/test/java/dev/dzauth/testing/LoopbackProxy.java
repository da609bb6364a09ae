package dev.dzauth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on {@code 127.0.0.1} to one target, that a test can {@link #cut()} (every open
 * connection is closed and new ones are closed at once, as if the database went away), {@link
 * #blackhole()} (connections stay open but nothing arrives either way, as on a dead network path)
 * and {@link #restore()}. Never touches the target server itself.
 */
public final class LoopbackProxy implements AutoCloseable {

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;
  private volatile boolean dropping;

  private LoopbackProxy(String targetHost, int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    Thread acceptor = new Thread(this::acceptLoop, "loopback-proxy-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts forwarding a free loopback port to {@code targetHost:targetPort}. */
  public static LoopbackProxy to(String targetHost, int targetPort) throws IOException {
    return new LoopbackProxy(targetHost, targetPort);
  }

  /** The loopback port to connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Closes every forwarded connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    up = false;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /**
   * Keeps every connection (and accepts new ones) but silently drops what either side sends, as a
   * dead network path does: no reset, no end of stream, a blocked read waits. Until {@link
   * #restore()}.
   */
  public void blackhole() {
    dropping = true;
  }

  /** Forwards new connections again, and ends a {@link #blackhole()}. */
  public void restore() {
    dropping = false;
    up = true;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (!up) {
          closeQuietly(client);
          continue;
        }
        Socket target = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(target);
        pump(client, target);
        pump(target, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection close
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (!dropping) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "loopback-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
  }
}
