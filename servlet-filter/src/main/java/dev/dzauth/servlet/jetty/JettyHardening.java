package dev.dzauth.servlet.jetty;

import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.HttpErrors;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The one place the project hardens an embedded Jetty 12 (the demo, the tests and the benchmarks
 * all call it): header-cache values matched case-sensitively, no {@code Server} or {@code
 * X-Powered-By} header, and the container's own errors (400, 414, 431, 505, …) answered as {@code
 * {"detail": "<reason phrase>"}} JSON instead of Jetty's HTML page, never with the exception text.
 *
 * <p>Why the header cache: Jetty's parser keeps, per connection, the header fields it saw (among
 * them {@code Authorization}) and, with {@link HttpConfiguration#isHeaderCacheCaseSensitive()}
 * {@code false} (its default), matches the next request's field against them ignoring case and
 * hands the application the cached value: a token with its letter case changed became the real
 * token. Call {@link #apply(Server)} after adding the connectors and before {@code start()}.
 */
public final class JettyHardening {

  private JettyHardening() {}

  /** Hardens every HTTP connector of {@code server} and installs the JSON error handler. */
  public static Server apply(Server server) {
    for (Connector connector : server.getConnectors()) {
      HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
      if (http != null) {
        harden(http.getHttpConfiguration());
      }
    }
    server.setErrorHandler(new JsonErrorHandler());
    return server;
  }

  /**
   * Makes the header cache of every HTTP connector of the Jetty server running the context being
   * started (the caller is a filter's or servlet's {@code init}) case-sensitive. Answers how many
   * connectors it changed, or -1 when no Jetty context is current. Throws {@link LinkageError} when
   * Jetty's server classes are not visible to the caller (a web application in a standalone Jetty
   * hides them).
   */
  public static int hardenCurrentServer() {
    ContextHandler context = ContextHandler.getCurrentContextHandler();
    Server server = context == null ? null : context.getServer();
    if (server == null) {
      return -1;
    }
    int changed = 0;
    for (Connector connector : server.getConnectors()) {
      HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
      if (http != null && !http.getHttpConfiguration().isHeaderCacheCaseSensitive()) {
        http.getHttpConfiguration().setHeaderCacheCaseSensitive(true);
        changed++;
      }
    }
    return changed;
  }

  /** {@code configuration} with a case-sensitive header cache and no server version headers. */
  public static HttpConfiguration harden(HttpConfiguration configuration) {
    configuration.setHeaderCacheCaseSensitive(true);
    configuration.setSendServerVersion(false);
    configuration.setSendXPoweredBy(false);
    return configuration;
  }

  /** Answers every error Jetty itself produces with the API's {@code {"detail": …}} JSON. */
  public static final class JsonErrorHandler extends ErrorHandler {

    private static final HttpErrors ERRORS = HttpErrors.defaults();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus() < 400 ? 500 : response.getStatus();
      ApiResponse api = answer(status);
      response.setStatus(status);
      HttpFields.Mutable headers = response.getHeaders();
      headers.remove(HttpHeader.CONTENT_TYPE);
      api.headers().forEach(headers::put);
      headers.put(HttpHeader.CONTENT_LENGTH, api.body().length);
      response.write(true, ByteBuffer.wrap(api.body()), callback);
      return true;
    }

    @Override
    public ByteBuffer badMessageError(
        int status, @Nullable String reason, HttpFields.Mutable fields) {
      ApiResponse api = answer(status);
      for (Map.Entry<String, String> h : api.headers().entrySet()) {
        fields.put(h.getKey(), h.getValue());
      }
      return ByteBuffer.wrap(api.body());
    }

    private static ApiResponse answer(int status) {
      String phrase = HttpStatus.getMessage(status);
      return ERRORS.status(status, phrase == null || phrase.isEmpty() ? "Error" : phrase);
    }
  }
}
