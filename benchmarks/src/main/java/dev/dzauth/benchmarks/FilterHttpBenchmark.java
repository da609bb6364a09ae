package dev.dzauth.benchmarks;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.servlet.jetty.JettyHardening;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The filter end to end over real HTTP: one embedded Jetty 12.1 (ee11) on 127.0.0.1 serving a
 * trivial servlet (a 2-byte {@code ok}) at {@code /plain} without a filter and at {@code /auth}
 * behind {@link DzAuthFilter} (ES256 key, in-memory store, a {@link TokenService} recording last
 * uses, exactly as the demo wires it). Each op is one HTTP/1.1 request and its whole response over
 * the thread's own keep-alive connection (a raw socket client: the cheapest client there is, so the
 * filter's share is not hidden behind client overhead). The token is warm (verified once in setup);
 * both paths get the same request headers ({@code Authorization: Bearer dz_...} and {@code
 * x-business-id}, which the unfiltered path ignores), so the difference is the filter alone. Score:
 * requests/s; target {@code filtered / plain ≥ 0.90} in the same run.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FilterHttpBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterHttpBenchmark {

  /** The server, shared by every client thread. */
  @State(Scope.Benchmark)
  public static class ServerState {
    Server server;
    int port;
    String token;
    String businessId;
    TokenService service;
    StatusCache statuses;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
      }
      InMemoryTokenStore store = new InMemoryTokenStore();
      statuses = StatusCache.builder(store).build();
      KeySetHolder ring =
          KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "filter-bench")));
      TokenMinter minter = TokenMinter.builder(Fixture.ISSUER, ring).build();
      TokenVerifier verifier = TokenVerifier.builder(Fixture.ISSUER, ring, statuses).build();
      service = TokenService.builder(minter, store, statuses).build();
      businessId = "business-7";
      token =
          service
              .create(
                  new Caller("user-42", businessId, Set.of("tokens:read", "tokens:write")),
                  CreateTokenRequest.named("filter-bench"))
              .token();
      verifier.verify(token);

      QueuedThreadPool threads = new QueuedThreadPool(16, 4);
      threads.setName("bench-jetty");
      server = new Server(threads);
      ServerConnector connector = new ServerConnector(server, 1, 1);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      JettyHardening.apply(server);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      context.addFilter(
          new FilterHolder(DzAuthFilter.builder(verifier).tokenService(service).build()),
          "/auth",
          EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder("ok", new Ok()), "/*");
      server.setHandler(context);
      server.start();
      port = connector.getLocalPort();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      server.stop();
      service.close();
      statuses.close();
    }
  }

  /** The downstream servlet: 200 {@code ok}. */
  static final class Ok extends HttpServlet {
    private static final byte[] BODY = "ok".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setStatus(200);
      res.setContentType("text/plain");
      res.setContentLength(BODY.length);
      res.getOutputStream().write(BODY);
    }
  }

  /** One keep-alive connection per client thread. */
  @State(Scope.Thread)
  public static class Client {
    Socket socket;
    OutputStream out;
    InputStream in;
    byte[] plain;
    byte[] filtered;
    final byte[] buffer = new byte[8192];

    @Setup(Level.Trial)
    public void setUp(ServerState s) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", s.port));
      out = socket.getOutputStream();
      in = socket.getInputStream();
      // The same headers on both paths: the server parses the same bytes, only the filter differs.
      String headers =
          " HTTP/1.1\r\nHost: 127.0.0.1:"
              + s.port
              + "\r\nAccept: */*\r\n"
              + "Authorization: Bearer "
              + s.token
              + "\r\n"
              + "x-business-id: "
              + s.businessId
              + "\r\n\r\n";
      plain = ("GET /plain" + headers).getBytes(StandardCharsets.US_ASCII);
      filtered = ("GET /auth" + headers).getBytes(StandardCharsets.US_ASCII);
      // Both paths answer 200 before anything is measured.
      check(request(plain), "/plain");
      check(request(filtered), "/auth");
    }

    private static void check(int status, String path) {
      if (status != 200) {
        throw new IllegalStateException(path + " answered " + status);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      socket.close();
    }

    /** Sends one request and reads its whole response; returns the status code. */
    int request(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      int have = 0;
      int headerEnd = -1;
      while (headerEnd < 0) {
        int n = in.read(buffer, have, buffer.length - have);
        if (n < 0) {
          throw new IOException("connection closed");
        }
        have += n;
        headerEnd = indexOfBlankLine(buffer, have);
      }
      int status = (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
      int length = contentLength(buffer, headerEnd);
      int need = headerEnd + 4 + length;
      while (have < need) {
        int n = in.read(buffer, have, buffer.length - have);
        if (n < 0) {
          throw new IOException("connection closed");
        }
        have += n;
      }
      if (have != need) {
        throw new IOException("unexpected bytes after the response");
      }
      return status;
    }

    private static int indexOfBlankLine(byte[] b, int len) {
      for (int i = 0; i + 3 < len; i++) {
        if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private static final byte[] CONTENT_LENGTH =
        "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

    private static int contentLength(byte[] b, int end) throws IOException {
      outer:
      for (int i = 0; i + CONTENT_LENGTH.length < end; i++) {
        for (int k = 0; k < CONTENT_LENGTH.length; k++) {
          if (Character.toLowerCase(b[i + k]) != CONTENT_LENGTH[k]) {
            continue outer;
          }
        }
        int v = 0;
        for (int j = i + CONTENT_LENGTH.length; j < end && b[j] != '\r'; j++) {
          if (b[j] >= '0' && b[j] <= '9') {
            v = v * 10 + (b[j] - '0');
          }
        }
        return v;
      }
      throw new IOException("no Content-Length");
    }
  }

  @Benchmark
  public int plain(Client c) throws IOException {
    return ok(c.request(c.plain));
  }

  @Benchmark
  public int filtered(Client c) throws IOException {
    return ok(c.request(c.filtered));
  }

  private static int ok(int status) throws IOException {
    if (status != 200) {
      throw new IOException("HTTP " + status);
    }
    return status;
  }
}
