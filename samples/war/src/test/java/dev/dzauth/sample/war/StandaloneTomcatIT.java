package dev.dzauth.sample.war;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.token.KeySet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample WARs deployed into a real standalone Tomcat 11 (the distribution from Maven Central,
 * unpacked by the build into {@code target/tomcat}), started as a separate process with {@code
 * bin/catalina.sh run}: {@code /memory} is the main WAR (the README's {@code web.xml} example,
 * in-memory store), {@code /jndi} the WAR of classifier {@code jndi} (the same with the store from
 * the container's {@code DataSource}, declared in its {@code META-INF/context.xml}).
 *
 * <p>An in-memory store starts empty and the token API needs a token, so the first token comes the
 * way it does in production for a database store: written into the JNDI variant's database (H2,
 * {@code AUTO_SERVER}) by dz-auth's own core API from this process, with the same key file.
 */
final class StandaloneTomcatIT {

  private static final String ISSUER = "https://auth.example.com"; // the web.xml's issuer
  private static final String KID = "2026-11";
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static Path tomcat;
  private static Path log;
  private static Process process;
  private static URI base;
  private static int shutdownPort;
  private static DzAuth admin; // "another instance": core's API over the JNDI variant's database

  @BeforeAll
  static void startTomcat() throws Exception {
    tomcat = Path.of(System.getProperty("tomcat.home"));
    assertThat(tomcat.resolve("bin/catalina.sh")).as("unpacked by the build").exists();
    try (Stream<Path> scripts = Files.list(tomcat.resolve("bin"))) {
      scripts
          .filter(p -> p.toString().endsWith(".sh"))
          .forEach(p -> p.toFile().setExecutable(true));
    }
    // A fresh instance: no applications but ours, no data of an earlier run.
    deleteTree(tomcat.resolve("webapps"));
    deleteTree(tomcat.resolve("work"));
    deleteTree(tomcat.resolve("data"));
    deleteTree(tomcat.resolve("conf/Catalina"));
    Path webapps = Files.createDirectories(tomcat.resolve("webapps"));
    Files.copy(Path.of(System.getProperty("sample.war")), webapps.resolve("memory.war"));
    Files.copy(Path.of(System.getProperty("sample.war.jndi")), webapps.resolve("jndi.war"));

    int port = freePort();
    shutdownPort = freePort();
    Path serverXml = tomcat.resolve("conf/server.xml");
    String xml = Files.readString(serverXml);
    if (!Files.exists(tomcat.resolve("conf/server.xml.orig"))) {
      Files.writeString(tomcat.resolve("conf/server.xml.orig"), xml);
    } else {
      xml = Files.readString(tomcat.resolve("conf/server.xml.orig"));
    }
    assertThat(xml).contains("port=\"8005\"", "port=\"8080\"");
    Files.writeString(
        serverXml,
        xml.replace("port=\"8005\"", "port=\"" + shutdownPort + "\"")
            .replace("port=\"8080\"", "port=\"" + port + "\""));
    base = URI.create("http://127.0.0.1:" + port + "/");

    log = tomcat.resolve("logs/catalina-run.log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(tomcat.resolve("bin/catalina.sh").toString(), "run")
            .directory(tomcat.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().keySet().removeAll(List.of("JRE_HOME", "CATALINA_BASE", "JAVA_OPTS"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("CATALINA_HOME", tomcat.toString());
    pb.environment().put("CATALINA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    process = pb.start();

    long deadline = System.nanoTime() + STARTUP.toNanos();
    for (String app : List.of("memory", "jndi")) {
      await(
          "/" + app + " deployed",
          deadline,
          () -> {
            assertThat(process.isAlive()).as("Tomcat exited:%n%s", logTail()).isTrue();
            assertThat(Files.readString(log))
                .as("Tomcat's log:%n%s", logTail())
                .doesNotContain("Context [/" + app + "] startup failed");
            return get(app + "/.well-known/jwks.json", null).statusCode() == 200;
          });
    }

    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + tomcat.resolve("data/dzauth") + ";AUTO_SERVER=TRUE");
    h2.setUser("sa");
    h2.setPassword("");
    KeySet keys =
        KeySet.load(
            Path.of("src/main/webapp/WEB-INF/keys.json").toAbsolutePath(), KID); // the WAR's file
    admin = DzAuth.builder(ISSUER, keys).store(JdbcTokenStore.builder(h2).build()).build();
  }

  @AfterAll
  static void stopTomcat() throws Exception {
    try {
      if (admin != null) {
        admin.close();
      }
    } finally {
      if (process != null) {
        // As bin/shutdown.sh does: the applications stop (and flush) before the JVM exits; a
        // signal would run H2's shutdown hook beside Tomcat's.
        try (Socket s = new Socket("127.0.0.1", shutdownPort)) {
          s.getOutputStream().write("SHUTDOWN\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          process.descendants().forEach(ProcessHandle::destroy);
          process.destroy();
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  @Test
  void theInMemoryWarRefusesWithoutAToken() throws Exception {
    HttpResponse<String> none = get("memory/hello", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"my-service\"");
    assertThat(get("memory/api/v1/tokens", null).statusCode()).isEqualTo(401);

    JsonNode jwks = json(get("memory/.well-known/jwks.json", null));
    assertThat(jwks.get("keys").get(0).get("kid").stringValue()).isEqualTo(KID);
    assertThat(jwks.toString()).doesNotContain("\"d\"");

    // Signed with the same key, but its record is in the JNDI variant's database, not in this
    // instance's (empty) memory: refused.
    String elsewhere = create("memory-knows-nothing", "tokens:read").token();
    assertThat(get("memory/hello", elsewhere).statusCode()).isEqualTo(401);
  }

  @Test
  void theJndiWarServesATokenFromItsDatabaseAndRevokesThroughTheApi() throws Exception {
    HttpResponse<String> none = get("jndi/hello", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"my-service\"");

    CreatedToken first = create("first", "tokens:read", "tokens:write");
    HttpResponse<String> hello = get("jndi/hello", first.token());
    assertThat(hello.statusCode()).as(hello.body()).isEqualTo(200);
    assertThat(hello.body().strip()).isEqualTo("hello carol");

    HttpResponse<String> listed = get("jndi/api/v1/tokens", first.token());
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    JsonNode items = json(listed).get("items");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ids.add(items.get(i).get("id").stringValue());
    }
    assertThat(ids).contains(first.record().id());

    HttpResponse<String> created =
        post("jndi/api/v1/tokens", first.token(), "{\"name\":\"from-the-api\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String second = json(created).get("token").stringValue();
    assertThat(get("jndi/hello", second).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked =
        post(
            "jndi/api/v1/tokens/" + first.record().id() + "/revoke",
            second,
            "{\"reason\":\"integration test\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
    awaitStatus("jndi/hello", first.token(), 401, Duration.ofSeconds(3));
    assertThat(get("jndi/hello", second).statusCode()).isEqualTo(200);
  }

  /** A revocation made by another instance over the same database reaches Tomcat by the feed. */
  @Test
  void aRevocationByAnotherInstanceArrivesThroughTheStatusFeed() throws Exception {
    CreatedToken token = create("revoked-elsewhere", "tokens:read");
    assertThat(get("jndi/hello", token.token()).statusCode()).isEqualTo(200);
    admin.service().revoke(caller(Set.of("tokens:write")), token.record().id(), "elsewhere");
    awaitStatus("jndi/hello", token.token(), 401, Duration.ofSeconds(5));
  }

  private static final String BUSINESS = UUID.randomUUID().toString();

  private static Caller caller(Set<String> scopes) {
    return new Caller("carol", BUSINESS, scopes);
  }

  private static CreatedToken create(String name, String... scopes) {
    return admin.service().create(caller(Set.of(scopes)), CreateTokenRequest.named(name));
  }

  private static void awaitStatus(String path, String token, int status, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    await(path + " answering " + status, deadline, () -> get(path, token).statusCode() == status);
  }

  private interface Probe {
    boolean ok() throws Exception;
  }

  /** Polls every 100 ms until {@code probe} holds, failing at {@code deadline}. */
  private static void await(String what, long deadline, Probe probe) throws Exception {
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (probe.ok()) {
          return;
        }
      } catch (IOException e) {
        last = e; // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not " + what + " in time; Tomcat's log:\n" + logTail(), last);
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), token);
  }

  private static HttpResponse<String> post(String path, String token, String body)
      throws Exception {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        token);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String token)
      throws Exception {
    request.timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return JSON.readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The end of the console log and the container log (where a filter's failure goes). */
  private static String logTail() {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> logs = Files.list(log.getParent())) {
      for (Path file :
          logs.filter(p -> p.equals(log) || p.getFileName().toString().startsWith("localhost."))
              .sorted()
              .toList()) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        out.append("--- ").append(file.getFileName()).append('\n');
        out.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        out.append('\n');
      }
    } catch (IOException e) {
      out.append("(no log: ").append(e).append(')');
    }
    return out.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
