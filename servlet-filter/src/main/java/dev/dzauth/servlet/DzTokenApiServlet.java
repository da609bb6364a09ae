package dev.dzauth.servlet;

import dev.dzauth.http.ApiRequest;
import dev.dzauth.http.TokenApi;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Serves the token-management API ({@link TokenApi}) behind a {@link DzAuthFilter}. Map it to
 * {@code /api/v1/tokens}, {@code /api/v1/tokens/*} and {@code /.well-known/jwks.json}.
 *
 * <p>Made with an API ({@link #DzTokenApiServlet(TokenApi)}), or without one (from {@code web.xml}),
 * when it takes the API the filter published in {@link DzAuthFilter#TOKEN_API_ATTRIBUTE}: then
 * {@link #init} fails if there is none (a filter whose key set cannot sign has no API). The caller
 * is the {@link DzAuthFilter#VERIFIED_TOKEN_ATTRIBUTE} the filter set. Bodies are read up to
 * {@link TokenApi#maxBodyBytes()}; a larger one is a 413. The query string is parsed here, the body
 * never as a form: a token is never read from either.
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
      if (!(published instanceof TokenApi found)) {
        throw new ServletException("DzTokenApiServlet: no TokenApi in servlet context attribute "
            + DzAuthFilter.TOKEN_API_ATTRIBUTE + "; configure a DzAuthFilter with a signing key "
            + "(init-params) or a token service (code) before this servlet, or pass a TokenApi");
      }
      api = found;
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    TokenApi a = api;
    if (a == null) {
      response.sendError(503);
      return;
    }
    long declared = request.getContentLengthLong();
    byte[] body;
    if (declared > a.maxBodyBytes()) {
      ServletIo.send(response, a.bodyTooLarge());
      return;
    }
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(a.maxBodyBytes() + 1);
    }
    if (body.length > a.maxBodyBytes()) {
      ServletIo.send(response, a.bodyTooLarge());
      return;
    }
    Object token = request.getAttribute(DzAuthFilter.VERIFIED_TOKEN_ATTRIBUTE);
    ApiRequest apiRequest = new ApiRequest(request.getMethod(), ServletIo.path(request),
        ApiRequest.parseQuery(request.getQueryString()), body, token instanceof VerifiedToken v ? v : null);
    ServletIo.send(response, a.handle(apiRequest));
  }
}
