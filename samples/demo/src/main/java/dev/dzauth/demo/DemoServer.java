package dev.dzauth.demo;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.servlet.DzTokenApiServlet;
import dev.dzauth.servlet.jetty.JettyHardening;
import dev.dzauth.status.StatusCache;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenVerifier;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The runnable demo (README, The demo): the dz-auth filter, the token-management API (token
 * introspection at {@code /oauth2/introspect} and leak reports included), the JWK Set, the Token
 * Status Lists ({@code GET /statuslists/<n>}) and a protected {@code GET /api/v1/me} on an embedded
 * Jetty at {@code 127.0.0.1:$DZ_PORT} (default 8080, 0 for any free port), signing with a fresh
 * ES256 key (or the JWK Set of {@code DZ_KEY_FILE}), storing in the embedded default store (or the
 * database of {@code DZ_JDBC_URL}). Every token it mints carries a {@code status} claim naming its
 * entry in the lists, published at {@code http://127.0.0.1:<port>/statuslists} with the {@code ttl}
 * of {@code DZ_STATUS_LIST_TTL} (seconds, default 60), so a verify-only service of {@code
 * http://127.0.0.1:<port>} can check them with no database.
 *
 * <p>Run it with {@code ./demo.sh} at the repository root. Once it serves it prints {@code
 * Bootstrap token: dz_…}, {@code Business id: <uuid>} and {@code Other user token: dz_…} (another
 * user in another business with the same scopes) on standard output: the one place a whole token is
 * ever printed, for the person running the demo; never to a log.
 */
public final class DemoServer implements AutoCloseable {

  /** The demo issuer. */
  public static final String ISSUER = "https://dz-auth.demo.invalid";

  /**
   * The scopes of the two demo tokens: everything the token API needs, the owner-level routes of
   * {@code tokens:admin} included (each user is the admin of its own business), and {@code
   * tokens:introspect} and {@code tokens:report-leaks} to try introspection (tokens of one's own
   * business) and leak reports.
   */
  public static final Set<String> SCOPES =
      Set.of(
          TokenApi.READ_SCOPE,
          TokenApi.WRITE_SCOPE,
          TokenApi.ADMIN_SCOPE,
          TokenApi.INTROSPECT_SCOPE,
          TokenApi.REPORT_LEAKS_SCOPE);

  private final Server server;
  private final DzAuth dz;
  private final String storeDescription;
  private final String bootstrapToken;
  private final String businessId;
  private final String otherToken;
  private final String otherBusinessId;

  private DemoServer(
      Server server,
      DzAuth dz,
      String storeDescription,
      String bootstrapToken,
      String businessId,
      String otherToken,
      String otherBusinessId) {
    this.server = server;
    this.dz = dz;
    this.storeDescription = storeDescription;
    this.bootstrapToken = bootstrapToken;
    this.businessId = businessId;
    this.otherToken = otherToken;
    this.otherBusinessId = otherBusinessId;
  }

  /** Runs the demo until the process is stopped. */
  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }
    Map<String, String> env = System.getenv();
    int port = port(env.get("DZ_PORT"));
    DemoServer demo =
        start(
            port,
            env.get("DZ_JDBC_URL"),
            env.get("DZ_JDBC_USER"),
            env.get("DZ_JDBC_PASSWORD"),
            keys(env.get("DZ_KEY_FILE")),
            statusListTtl(env.get("DZ_STATUS_LIST_TTL")));
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "dz-demo-shutdown"));
    URI base = demo.baseUri();
    System.out.println(
        "dz-auth demo serving on " + base + " (store: " + demo.storeDescription + ")");
    System.out.println("Bootstrap token: " + demo.bootstrapToken());
    System.out.println("Business id: " + demo.businessId());
    System.out.println("Other user token: " + demo.otherToken());
    System.out.println("Other business id: " + demo.otherBusinessId());
    System.out.println("Status lists: " + base.resolve("/statuslists/1") + " (and /2, …)");
    System.out.println(
        "Try: curl -s "
            + base.resolve("/api/v1/me")
            + " -H \"Authorization: Bearer $TOKEN\"   (TOKEN = the bootstrap token above)");
    System.out.flush();
    demo.server.join();
  }

  static int port(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return 8080;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "DZ_PORT must be a port number (0 to 65535), got '" + value + "'");
    }
  }

  /** {@code DZ_STATUS_LIST_TTL}: whole seconds, 1 to 3600; default 60. */
  static Duration statusListTtl(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return Duration.ofSeconds(60);
    }
    try {
      int seconds = Integer.parseInt(value.strip());
      if (seconds < 1 || seconds > 3600) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "DZ_STATUS_LIST_TTL must be whole seconds (1 to 3600), got '" + value + "'");
    }
  }

  /**
   * The demo's keys: a fresh ES256 key, or with {@code DZ_KEY_FILE} the JWK Set in that file
   * (written there, readable by the owner only, on the first start), so that tokens kept in a
   * database outlive a restart.
   */
  static KeySet keys(@Nullable String keyFile) throws java.io.IOException {
    if (keyFile == null || keyFile.isBlank()) {
      return freshKeys();
    }
    java.nio.file.Path path = java.nio.file.Path.of(keyFile);
    if (java.nio.file.Files.exists(path)) {
      return KeySet.load(path, null);
    }
    KeySet fresh = freshKeys();
    OwnerOnlyFiles.write(path, fresh.toJwkSetJson());
    return fresh;
  }

  private static KeySet freshKeys() {
    return KeySet.of(
        TokenKey.generate(
            SignatureAlgorithm.ES256,
            "demo-" + LocalDate.now() + "-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  /**
   * Starts a demo on {@code 127.0.0.1:port} (0: any free port) with a fresh ES256 key and the
   * embedded store, or the database of {@code jdbcUrl} when it is not {@code null}.
   */
  public static DemoServer start(
      int port, @Nullable String jdbcUrl, @Nullable String user, @Nullable String password)
      throws Exception {
    return start(port, jdbcUrl, user, password, freshKeys());
  }

  /** As {@link #start(int, String, String, String)}, signing with {@code keySet}. */
  public static DemoServer start(
      int port,
      @Nullable String jdbcUrl,
      @Nullable String user,
      @Nullable String password,
      KeySet keySet)
      throws Exception {
    return start(port, jdbcUrl, user, password, keySet, Duration.ofSeconds(60));
  }

  /**
   * As {@link #start(int, String, String, String, KeySet)}, publishing the status lists with {@code
   * statusListTtl}.
   */
  public static DemoServer start(
      int port,
      @Nullable String jdbcUrl,
      @Nullable String user,
      @Nullable String password,
      KeySet keySet,
      Duration statusListTtl)
      throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    connector.open(); // bound now: the status list URIs in the tokens name its port
    DemoStore store;
    try {
      store = DemoStore.open(jdbcUrl, user, password);
    } catch (Exception | Error e) {
      connector.close();
      throw e;
    }
    String lists = "http://127.0.0.1:" + connector.getLocalPort() + "/statuslists";
    // The one assembly, with every default: the demo sets only what makes it the demo.
    DzAuth dz;
    try {
      dz =
          DzAuth.builder(ISSUER, keySet)
              .store(store.store())
              .closing(store)
              .statusLists(lists)
              .statusListCreateSchema(true)
              .statusLists(l -> l.ttl(statusListTtl))
              .build();
    } catch (Exception | Error e) {
      connector.close();
      throw e;
    }
    try {
      return serve(server, dz, store.description());
    } catch (Exception | Error e) {
      connector.close();
      dz.close();
      throw e;
    }
  }

  private static DemoServer serve(Server server, DzAuth dz, String storeDescription)
      throws Exception {
    TokenService service = dz.service();
    String business = UUID.randomUUID().toString();
    String otherBusiness = UUID.randomUUID().toString();
    String bootstrap =
        service
            .create(
                new Caller("admin@demo.example", business, SCOPES),
                new CreateTokenRequest("bootstrap", "Printed by the demo at start-up", 365, null))
            .token();
    String other =
        service
            .create(
                new Caller("other@demo.example", otherBusiness, SCOPES),
                new CreateTokenRequest("other user", "Another user in another business", 365, null))
            .token();

    JettyHardening.apply(server);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    DzAuthFilter filter =
        DzAuthFilter.builder(dz.verifier())
            .realm("dz-auth-demo")
            .tokenService(service)
            .statusLists(java.util.Objects.requireNonNull(dz.statusLists()))
            .build();
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder api = new ServletHolder("tokens", new DzTokenApiServlet());
    api.setInitOrder(1);
    context.addServlet(api, TokenApi.TOKENS_PATH);
    context.addServlet(api, TokenApi.TOKENS_PATH + "/*");
    context.addServlet(api, TokenApi.ADMIN_TOKENS_PATH + "/*");
    context.addServlet(api, TokenApi.INTROSPECT_PATH);
    context.addServlet(api, TokenApi.JWKS_PATH);
    context.addServlet(api, TokenApi.OPENAPI_PATH);
    context.addServlet(api, "/statuslists/*");
    context.addServlet(new ServletHolder("me", new MeServlet()), "/api/v1/me");
    server.setHandler(context);
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new DemoServer(server, dz, storeDescription, bootstrap, business, other, otherBusiness);
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI baseUri() {
    ServerConnector c = (ServerConnector) server.getConnectors()[0];
    return URI.create(
        "http://"
            + new InetSocketAddress(c.getHost(), c.getLocalPort()).getHostString()
            + ":"
            + c.getLocalPort()
            + "/");
  }

  /** The bound port. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The bootstrap token (scopes {@link #SCOPES}, business {@link #businessId()}). */
  public String bootstrapToken() {
    return bootstrapToken;
  }

  /** The bootstrap user's business. */
  public String businessId() {
    return businessId;
  }

  /** The other user's token: another subject, another business, the same scopes. */
  public String otherToken() {
    return otherToken;
  }

  /** The other user's business. */
  public String otherBusinessId() {
    return otherBusinessId;
  }

  /** The demo's token service. */
  public TokenService service() {
    return dz.service();
  }

  /** The demo's verifier (its cache counters, for metrics and the soak test). */
  public TokenVerifier verifier() {
    return dz.verifier();
  }

  /** The demo's status cache (its counters, for metrics and the soak test). */
  public StatusCache statuses() {
    return dz.statuses();
  }

  /** Stops the server, then the assembly (poller, service, cache, store and its pool). */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping anyway
    }
    dz.close();
  }
}
