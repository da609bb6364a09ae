package dev.dzauth.statuslist;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An issuer on 127.0.0.1: its JWK Set at {@code /.well-known/jwks.json} and Status List Tokens at
 * the paths a test gives them, with {@code ETag}s and answers to {@code If-None-Match}. Counts and
 * records the requests; can answer lists with an error, chunk them, or hold them on a latch.
 */
final class IssuerServer implements AutoCloseable {

  /** What a list path serves. */
  record Served(String body, String etag) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Served> lists = new ConcurrentHashMap<>();
  final AtomicInteger jwksRequests = new AtomicInteger();
  final AtomicInteger listRequests = new AtomicInteger();
  final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
  final List<String> accept = new CopyOnWriteArrayList<>();
  volatile String jwks = "{\"keys\":[]}";
  volatile int failLists; // 0: answer normally
  volatile boolean chunked;
  volatile String redirectFrom = ""; // a path answered with a 302 to redirectTo
  volatile String redirectTo; // null: no redirect
  volatile String cacheControl = "max-age=60";
  volatile CountDownLatch entered = new CountDownLatch(0);
  volatile CountDownLatch gate = new CountDownLatch(0);

  IssuerServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/.well-known/jwks.json", this::jwks);
    server.createContext("/statuslists/", this::list);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The full URL of {@code path}. */
  String url(String path) {
    return base() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  void serve(String path, String body, String etag) {
    lists.put(path, new Served(body, etag));
  }

  private void jwks(HttpExchange x) throws IOException {
    jwksRequests.incrementAndGet();
    x.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
    send(x, 200, jwks);
  }

  private void list(HttpExchange x) throws IOException {
    listRequests.incrementAndGet();
    String inm = x.getRequestHeaders().getFirst("If-None-Match");
    ifNoneMatch.add(inm == null ? "(none)" : inm);
    String acc = x.getRequestHeaders().getFirst("Accept");
    accept.add(acc == null ? "(none)" : acc);
    entered.countDown();
    try {
      if (!gate.await(20, TimeUnit.SECONDS)) {
        throw new IOException("gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    String location = redirectTo;
    if (location != null && x.getRequestURI().getPath().equals(redirectFrom)) {
      x.getResponseHeaders().add("Location", location);
      send(x, 302, "moved");
      return;
    }
    if (failLists != 0) {
      send(x, failLists, "down");
      return;
    }
    Served s = lists.get(x.getRequestURI().getPath());
    if (s == null) {
      send(x, 404, "no such list");
      return;
    }
    x.getResponseHeaders().add("ETag", s.etag());
    x.getResponseHeaders().add("Cache-Control", cacheControl);
    if (s.etag().equals(inm)) {
      x.sendResponseHeaders(304, -1);
      x.close();
      return;
    }
    x.getResponseHeaders().add("Content-Type", "application/statuslist+jwt");
    send(x, 200, s.body());
  }

  private void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, chunked ? 0 : bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private boolean stopped;

  /** Stops answering: connections are refused from now on. */
  synchronized void stop() {
    if (!stopped) {
      stopped = true;
      server.stop(0);
    }
  }

  @Override
  public void close() {
    gate.countDown();
    stop();
    executor.shutdownNow();
  }
}
