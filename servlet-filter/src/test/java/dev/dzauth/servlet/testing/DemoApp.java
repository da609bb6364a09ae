package dev.dzauth.servlet.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.assembly.DzAuth;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.servlet.DzTokenApiServlet;
import dev.dzauth.servlet.jetty.JettyHardening;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo's shape for this module's HTTP tests (the demo itself is the sample {@code
 * samples/demo}): the one assembly {@link DzAuth} on H2 in memory through {@link JdbcTokenStore},
 * the filter, the token API, the JWK Set and {@code GET /api/v1/me} on a hardened Jetty at {@code
 * 127.0.0.1:0}, with two users in two businesses holding {@link #SCOPES}.
 */
public final class DemoApp implements AutoCloseable {

  public static final String ISSUER = "https://dz-auth.demo.invalid";
  public static final Set<String> SCOPES = Set.of(TokenApi.READ_SCOPE, TokenApi.WRITE_SCOPE);

  private final Server server = new Server();
  private final DzAuth dz;
  private final String businessId = UUID.randomUUID().toString();
  private final String otherBusinessId = UUID.randomUUID().toString();
  private final String bootstrapToken;
  private final String otherToken;

  public DemoApp() throws Exception {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl("jdbc:h2:mem:dz-test-app-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    c.setUsername("sa");
    c.setPassword("");
    c.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(c);
    JdbcTokenStore store;
    try {
      store = JdbcTokenStore.builder(ds).createSchemaIfMissing(true).build();
    } catch (Exception e) {
      ds.close();
      throw e;
    }
    dz =
        DzAuth.builder(ISSUER, KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "test-app")))
            .store(store)
            .closing(ds)
            .closing(store)
            .build();
    try {
      bootstrapToken =
          service()
              .create(
                  new Caller("admin@demo.example", businessId, SCOPES),
                  new CreateTokenRequest("bootstrap", null, 365, null))
              .token();
      otherToken =
          service()
              .create(
                  new Caller("other@demo.example", otherBusinessId, SCOPES),
                  new CreateTokenRequest("other user", null, 365, null))
              .token();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      JettyHardening.apply(server);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      DzAuthFilter filter =
          DzAuthFilter.builder(dz.verifier()).realm("dz-auth-demo").tokenService(service()).build();
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder api = new ServletHolder("tokens", new DzTokenApiServlet());
      api.setInitOrder(1);
      context.addServlet(api, TokenApi.TOKENS_PATH);
      context.addServlet(api, TokenApi.TOKENS_PATH + "/*");
      context.addServlet(api, TokenApi.ADMIN_TOKENS_PATH + "/*");
      context.addServlet(api, TokenApi.INTROSPECT_PATH);
      context.addServlet(api, TokenApi.JWKS_PATH);
      context.addServlet(api, TokenApi.OPENAPI_PATH);
      context.addServlet(new ServletHolder("me", new MeServlet()), "/api/v1/me");
      server.setHandler(context);
      server.setStopAtShutdown(false);
      server.start();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public String bootstrapToken() {
    return bootstrapToken;
  }

  public String businessId() {
    return businessId;
  }

  public String otherToken() {
    return otherToken;
  }

  public String otherBusinessId() {
    return otherBusinessId;
  }

  public TokenService service() {
    return dz.service();
  }

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
