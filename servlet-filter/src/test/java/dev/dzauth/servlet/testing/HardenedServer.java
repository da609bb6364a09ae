package dev.dzauth.servlet.testing;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.servlet.DzTokenApiServlet;
import dev.dzauth.servlet.PrincipalEchoServlet;
import dev.dzauth.servlet.jetty.JettyHardening;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.testing.States;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import jakarta.servlet.DispatcherType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The filter, the token API and a principal echo on a real Jetty at {@code 127.0.0.1:0}, trusting
 * {@link TestKeys#hs256()} (active, so HS256 is configured) and {@link TestKeys#es256()}, on an
 * in-memory store. Crafted tokens whose jti is {@link #activate activated} are answered active by
 * the status cache, so the attack is the only reason to refuse them.
 */
public final class HardenedServer implements AutoCloseable {

  public static final String ISSUER = "https://hardening.test";

  public final TokenKey hs = TestKeys.hs256();
  public final TokenKey es = TestKeys.es256();
  public final TokenStore store;
  private final Set<String> active = ConcurrentHashMap.newKeySet();
  public final StatusCache statuses;
  public final KeySetHolder keys = KeySetHolder.of(KeySet.of(hs, es));
  public final TokenVerifier verifier;
  public final TokenService service;
  public final Caller alice =
      new Caller("alice", UUID.randomUUID().toString(), Set.of("tokens:read", "tokens:write"));
  private final Server server = new Server();
  public final Http http;

  public HardenedServer() throws Exception {
    this(new InMemoryTokenStore());
  }

  /** The same server on {@code tokenStore}. */
  public HardenedServer(TokenStore tokenStore) throws Exception {
    store = tokenStore;
    statuses =
        StatusCache.builder(
                jti ->
                    active.contains(jti)
                        ? States.of("crafted-" + jti, TokenStatus.ACTIVE, 0)
                        : store.status(jti))
            .build();
    verifier = TokenVerifier.builder(ISSUER, keys, statuses).build();
    service =
        TokenService.builder(TokenMinter.builder(ISSUER, keys).build(), store, statuses).build();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    JettyHardening.apply(server);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    DzAuthFilter filter =
        DzAuthFilter.builder(verifier).realm("hardening").tokenService(service).build();
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder api = new ServletHolder(new DzTokenApiServlet());
    api.setInitOrder(1);
    context.addServlet(api, "/api/v1/tokens/*");
    context.addServlet(new ServletHolder(new PrincipalEchoServlet()), "/");
    server.setHandler(context);
    server.start();
    http = new Http(baseUri());
  }

  /** Answers {@code jti} active from now on. */
  public void activate(String jti) {
    active.add(jti);
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /**
   * Sends {@code head} (the request line and headers, CRLF-separated, without the final empty line)
   * as raw bytes on a new connection and answers the response status, or -1 when the server closed
   * the connection without one.
   */
  public int raw(byte[] head) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(head);
      out.write("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        line.write(b);
      }
      String status = line.toString(StandardCharsets.ISO_8859_1);
      return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
    } catch (java.net.SocketException e) {
      return -1;
    }
  }

  /** {@code GET path HTTP/1.1}, {@code Host}, then {@code headerLines} as raw bytes. */
  public int rawGet(String path, byte[]... headerLines) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1").getBytes(StandardCharsets.US_ASCII));
    for (byte[] h : headerLines) {
      head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      head.writeBytes(h);
    }
    return raw(head.toByteArray());
  }

  @Override
  public void close() throws Exception {
    server.stop();
    service.close();
    statuses.close();
  }
}
