package dev.dzauth.servlet;

import dev.dzauth.http.ApiRequest;
import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.TokenApi;
import dev.dzauth.http.servlet.ServletExchange;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Serves the token-management API ({@link TokenApi}) behind a {@link DzAuthFilter}. Map it to
 * {@code /api/v1/tokens}, {@code /api/v1/tokens/*} (events and leak reports included), {@code
 * /api/v1/admin/tokens/*} (the owner-level changes), {@code /oauth2/introspect} (RFC 7662), {@code
 * /.well-known/jwks.json} and {@code /openapi.json}, and with status lists also to {@code
 * /statuslists/*}.
 *
 * <p>Made with an API ({@link #DzTokenApiServlet(TokenApi)}), or without one (from {@code
 * web.xml}), when it takes the API the filter published in {@link
 * DzAuthFilter#TOKEN_API_ATTRIBUTE}: then {@link #init} fails if there is none (a filter whose key
 * set cannot sign has no API). The caller is the {@link DzAuthFilter#VERIFIED_TOKEN_ATTRIBUTE} the
 * filter set. Bodies are read up to {@link TokenApi#maxBodyBytes(String)} (the route's bound); a
 * larger one is a 413. Where the servlet and the filters before it are async-supported (declare
 * {@code <async-supported>true</async-supported>} in {@code web.xml}), a body is read without
 * blocking and must arrive within {@link TokenApi#BODY_TIMEOUT} (else 408; a stream that ends early
 * is a 400); otherwise it is read blocking, bounded in time by the container's own read timeout
 * only. The query string is parsed here, the body never as a form: a token is never read from
 * either. The request's remote address ({@code getRemoteAddr()}: behind a proxy, what the
 * container's forwarded-header handling makes of it) and {@code User-Agent} are recorded with the
 * lifecycle events of the changes it makes.
 */
public final class DzTokenApiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private transient @Nullable TokenApi api;

  /** A servlet taking the API published by a {@link DzAuthFilter} of the same application. */
  public DzTokenApiServlet() {}

  /** A servlet serving {@code api}. */
  public DzTokenApiServlet(TokenApi api) {
    this.api = api;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    if (api == null) {
      Object published = config.getServletContext().getAttribute(DzAuthFilter.TOKEN_API_ATTRIBUTE);
      Object filterFailure =
          config.getServletContext().getAttribute(DzAuthFilter.INIT_FAILURE_ATTRIBUTE);
      if (!(published instanceof TokenApi) && filterFailure != null) {
        throw new ServletException(
            "DzTokenApiServlet: not started, because the DzAuthFilter did not: " + filterFailure);
      }
      if (!(published instanceof TokenApi found)) {
        throw new ServletException(
            "DzTokenApiServlet: no TokenApi in servlet context attribute "
                + DzAuthFilter.TOKEN_API_ATTRIBUTE
                + "; configure a DzAuthFilter with a signing key (init-params) or a token service"
                + " (code) before this servlet, or pass a TokenApi");
      }
      api = found;
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    TokenApi a = api;
    if (a == null) {
      response.sendError(503);
      return;
    }
    Object token = request.getAttribute(DzAuthFilter.VERIFIED_TOKEN_ATTRIBUTE);
    String method = request.getMethod();
    String path = ServletExchange.path(request);
    var query = ApiRequest.parseQuery(request.getQueryString());
    String contentType = request.getContentType();
    String clientIp = ServletExchange.clientIp(request);
    String userAgent = ServletExchange.userAgent(request);
    String ifNoneMatch = request.getHeader("If-None-Match");
    Function<byte[], ApiResponse> handler =
        body ->
            a.handle(
                new ApiRequest(
                    method,
                    path,
                    query,
                    body,
                    token instanceof VerifiedToken v ? v : null,
                    contentType,
                    clientIp,
                    userAgent,
                    ifNoneMatch));
    int limit = a.maxBodyBytes(path);
    ApiResponse immediate = ServletExchange.answerWithoutReading(request, a, handler);
    if (immediate != null) {
      ServletExchange.send(response, immediate);
    } else if (request.isAsyncSupported()) {
      AsyncContext async = request.startAsync(request, response);
      async.setTimeout(
          0); // the reader's own deadline; the connection's idle timeout is the backstop
      ServletExchange.readBody(request, a, limit, handler)
          .whenComplete(
              (answer, failure) -> {
                try {
                  ServletExchange.send(
                      (HttpServletResponse) async.getResponse(),
                      answer != null ? answer : a.errors().status(500, "Internal Server Error"));
                } catch (IOException | RuntimeException e) {
                  // the client is gone: nothing more to tell it
                } finally {
                  async.complete();
                }
              });
    } else {
      ServletExchange.send(response, blockingRead(request, a, limit, handler));
    }
  }

  /**
   * Without async support (not declared in web.xml): bounded in size, in time only by the
   * container.
   */
  private static ApiResponse blockingRead(
      HttpServletRequest request, TokenApi a, int limit, Function<byte[], ApiResponse> handler) {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      long declared = request.getContentLengthLong();
      if (declared > limit) {
        // Declared too large: nothing kept; dropped (at most AsyncBodyReader.DRAIN_LIMIT, see
        // ServletExchange) so the client reads the 413 on a connection that stays usable.
        for (long left = declared; left > 0; ) {
          long n = in.skip(left);
          if (n <= 0) {
            break;
          }
          left -= n;
        }
        return a.bodyTooLarge();
      }
      body = in.readNBytes(limit + 1);
    } catch (IOException e) {
      return e instanceof java.io.InterruptedIOException
              || e.getCause() instanceof java.util.concurrent.TimeoutException
          ? a.bodyTimeout()
          : a.bodyIncomplete();
    }
    return body.length > limit ? a.bodyTooLarge() : handler.apply(body);
  }
}
