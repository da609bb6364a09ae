package dev.dzauth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.assembly.VerifyOnly;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.servlet.jetty.JettyHardening;
import dev.dzauth.servlet.testing.Http;
import dev.dzauth.testing.Await;
import jakarta.servlet.DispatcherType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two processes: the demo (the token service, its own JVM, as {@code ./demo.sh} runs it, with
 * status lists of ttl 2 s) and, in this JVM, a verify-only service of it (a Jetty with the filter
 * over {@link VerifyOnly}: no database, the demo's JWK Set and status lists over HTTP). A token
 * revoked on the demo is refused by the verify-only service within the ttl, the demo's feed poll
 * and one fetch; the latency of {@value #REVOKES} revocations is printed (p50, p99).
 */
final class VerifyOnlyDemoIT {

  private static final int REVOKES = 20;
  private static final Duration TTL = Duration.ofSeconds(2);
  private static final Duration ISSUER_POLL = Duration.ofSeconds(1);

  @Test
  void aRevocationOnTheDemoIsRefusedByAVerifyOnlyServiceWithinTheTtlAndOneFetch() throws Exception {
    List<String> output = new CopyOnWriteArrayList<>();
    CountDownLatch ready = new CountDownLatch(1);
    Process demo = startDemo(output, ready);
    Server server = null;
    VerifyOnly verifyOnly = null;
    try {
      assertThat(ready.await(90, TimeUnit.SECONDS)).as("the demo started: %s", output).isTrue();
      URI base = URI.create(value(output, "dz-auth demo serving on ").split(" ")[0]);
      String admin = value(output, "Bootstrap token: ");
      String business = value(output, "Business id: ");
      Http issuer = new Http(base);

      verifyOnly =
          DzAuth.verifyOnly(base.toString())
              .issuer(DemoServer.ISSUER)
              .client(c -> c.minTtl(Duration.ofSeconds(1)))
              .build();
      server = verifyOnlyService(verifyOnly);
      Http verifier =
          new Http(
              URI.create(
                  "http://127.0.0.1:"
                      + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                      + "/"));
      assertThat(verifier.get("/api/v1/me", Http.bearer(admin)).status()).isEqualTo(200);

      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < REVOKES; i++) {
        Http.Response created =
            issuer.post(
                "/api/v1/tokens",
                "{\"name\":\"revoked " + i + "\"}",
                Http.bearer(admin, "x-business-id", business, "Content-Type", "application/json"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String token = body.get("token").stringValue();
        String id = body.get("token_info").get("id").stringValue();
        assertThat(verifier.get("/api/v1/me", Http.bearer(token)).status()).isEqualTo(200);

        Http.Response revoked =
            issuer.post(
                "/api/v1/tokens/" + id + "/revoke",
                "{}",
                Http.bearer(admin, "x-business-id", business, "Content-Type", "application/json"));
        assertThat(revoked.status()).isEqualTo(201);
        Duration took =
            Await.until(
                "the verify-only service refuses revoked token " + i,
                Duration.ofSeconds(30),
                () -> verifier.get("/api/v1/me", Http.bearer(token)).status() == 401);
        millis.add(took.toMillis());
      }
      Collections.sort(millis);
      long p50 = millis.get((int) Math.ceil(0.50 * REVOKES) - 1);
      long p99 = millis.get((int) Math.ceil(0.99 * REVOKES) - 1);
      System.out.printf(
          "two processes, revoke on the demo -> refused by the verify-only service:"
              + " n=%d, p50=%d ms, p99=%d ms, min=%d ms, max=%d ms (list ttl %d s, demo feed poll"
              + " %d s)%n",
          REVOKES,
          p50,
          p99,
          millis.get(0),
          millis.get(REVOKES - 1),
          TTL.toSeconds(),
          ISSUER_POLL.toSeconds());
      // The bound: the issuer's poll, the list's ttl, one fetch (and this loop's own requests).
      assertThat(Duration.ofMillis(p99))
          .isLessThanOrEqualTo(TTL.plus(ISSUER_POLL).plus(Duration.ofSeconds(2)));
      assertThat(verifier.get("/api/v1/me", Http.bearer(admin)).status())
          .as("the other tokens still verify")
          .isEqualTo(200);
    } finally {
      if (server != null) {
        server.stop();
      }
      if (verifyOnly != null) {
        verifyOnly.close();
      }
      demo.destroy();
      if (!demo.waitFor(20, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
  }

  /** The demo in a JVM of its own, on a free port, its output collected. */
  private static Process startDemo(List<String> output, CountDownLatch ready) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                DemoServer.class.getName())
            .redirectErrorStream(true);
    pb.environment().put("DZ_PORT", "0");
    pb.environment().put("DZ_STATUS_LIST_TTL", Long.toString(TTL.toSeconds()));
    pb.environment().remove("DZ_JDBC_URL");
    pb.environment().remove("DZ_KEY_FILE");
    Process p = pb.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                  if (line.startsWith("Status lists: ")) {
                    ready.countDown();
                  }
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            },
            "demo-output");
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  private static String value(List<String> output, String prefix) {
    for (String line : output) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
    }
    throw new AssertionError("the demo printed no line starting with " + prefix);
  }

  /** A Jetty on 127.0.0.1 with the filter over {@code verifyOnly} and the demo's {@code /me}. */
  private static Server verifyOnlyService(VerifyOnly verifyOnly) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    JettyHardening.apply(server);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(
        new FilterHolder(DzAuthFilter.create(verifyOnly.verifier())),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new MeServlet()), "/api/v1/me");
    server.setHandler(context);
    server.start();
    return server;
  }
}
