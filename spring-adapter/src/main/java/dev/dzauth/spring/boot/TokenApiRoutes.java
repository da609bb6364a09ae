package dev.dzauth.spring.boot;

import dev.dzauth.http.ApiRequest;
import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.StatusListEndpoint;
import dev.dzauth.http.TokenApi;
import dev.dzauth.http.servlet.ServletExchange;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.spring.security.DzAuthenticationToken;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.ClassUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.UrlPathHelper;

/**
 * Binds {@link TokenApi} to Spring MVC: the request is handed over as it is, the body read and
 * bounded and the answer written by the shared {@code dev.dzauth.http.servlet} binding, byte for
 * byte as {@code DzTokenApiServlet} does.
 */
final class TokenApiRoutes {

  private static final String API_BASE = "/api/v1";
  private static final boolean SECURITY =
      ClassUtils.isPresent(
          "org.springframework.security.core.context.SecurityContextHolder",
          TokenApiRoutes.class.getClassLoader());
  private static final UrlPathHelper PATHS = new UrlPathHelper();

  private TokenApiRoutes() {}

  static RouterFunction<ServerResponse> create(TokenApi api, String basePath) {
    String base = basePath.equals("/") ? "" : basePath;
    String tokens = base + TokenApi.TOKENS_PATH.substring(API_BASE.length());
    String admin = base + TokenApi.ADMIN_TOKENS_PATH.substring(API_BASE.length());
    return RouterFunctions.route(
        RequestPredicates.path(tokens)
            .or(RequestPredicates.path(tokens + "/**"))
            .or(RequestPredicates.path(admin + "/**"))
            .or(RequestPredicates.path(TokenApi.INTROSPECT_PATH))
            .or(RequestPredicates.path(TokenApi.JWKS_PATH))
            .or(RequestPredicates.path(TokenApi.OPENAPI_PATH)),
        request -> handle(api, base, request));
  }

  /**
   * {@code /statuslists/**} answered by {@code endpoint}, as {@code DzTokenApiServlet} answers it
   * (no body is read: the endpoint answers every method without one).
   */
  static RouterFunction<ServerResponse> statusLists(
      StatusListEndpoint endpoint, HttpErrors errors, @Nullable KeySetHolder jwks) {
    RouterFunction<ServerResponse> lists = statusLists(endpoint, errors);
    if (jwks == null) {
      return lists;
    }
    return lists.and(
        RouterFunctions.route(
            RequestPredicates.GET(TokenApi.JWKS_PATH),
            request -> send(StatusListEndpoint.jwks(jwks))));
  }

  private static RouterFunction<ServerResponse> statusLists(
      StatusListEndpoint endpoint, HttpErrors errors) {
    return RouterFunctions.route(
        RequestPredicates.path(StatusListEndpoint.PATH + "/**"),
        request -> {
          HttpServletRequest servlet = request.servletRequest();
          ApiRequest r =
              new ApiRequest(
                  servlet.getMethod().toUpperCase(Locale.ROOT),
                  PATHS.getPathWithinApplication(servlet),
                  java.util.Map.of(),
                  new byte[0],
                  null,
                  null,
                  ServletExchange.clientIp(servlet),
                  ServletExchange.userAgent(servlet),
                  servlet.getHeader("If-None-Match"));
          return send(endpoint.handle(r, errors));
        });
  }

  private static ServerResponse handle(TokenApi api, String base, ServerRequest request)
      throws IOException {
    HttpServletRequest servlet = request.servletRequest();
    String path = PATHS.getPathWithinApplication(servlet);
    if (!path.equals(TokenApi.JWKS_PATH)
        && !path.equals(TokenApi.OPENAPI_PATH)
        && !path.equals(TokenApi.INTROSPECT_PATH)
        && !base.equals(API_BASE)
        && path.startsWith(base)) {
      path = API_BASE + path.substring(base.length());
    }
    String method = servlet.getMethod().toUpperCase(Locale.ROOT);
    String apiPath = path;
    var query = ApiRequest.parseQuery(servlet.getQueryString());
    VerifiedToken token = token(servlet);
    String contentType = servlet.getContentType();
    String clientIp = ServletExchange.clientIp(servlet);
    String userAgent = ServletExchange.userAgent(servlet);
    Function<byte[], ApiResponse> handler =
        body ->
            api.handle(
                new ApiRequest(
                    method, apiPath, query, body, token, contentType, clientIp, userAgent, null));
    int limit = api.maxBodyBytes(apiPath);
    ApiResponse immediate = ServletExchange.answerWithoutReading(servlet, api, handler);
    if (immediate != null) {
      return send(immediate);
    }
    // Read without blocking, as DzTokenApiServlet does: Spring starts async processing for the
    // returned future, then (preProcess) the reader is registered on the request's input stream.
    CompletableFuture<ServerResponse> answer = new CompletableFuture<>();
    WebAsyncUtils.getAsyncManager(servlet)
        .registerDeferredResultInterceptor(
            TokenApiRoutes.class,
            new DeferredResultProcessingInterceptor() {
              @Override
              public <T> void preProcess(NativeWebRequest request, DeferredResult<T> result)
                  throws IOException {
                ServletExchange.readBody(servlet, api, limit, handler)
                    .whenComplete(
                        (r, failure) -> {
                          if (r != null) {
                            answer.complete(send(r));
                          } else {
                            answer.completeExceptionally(failure);
                          }
                        });
              }
            });
    return ServerResponse.async(answer, TokenApi.BODY_TIMEOUT.plusSeconds(60));
  }

  /**
   * The answer as a {@link ServerResponse} that {@link ServletExchange} writes, as the servlet
   * adapter does. On an async dispatch Spring Security already wrote its cache headers when the
   * first dispatch ended (nothing had set {@code Cache-Control} yet): {@code Cache-Control} is
   * replaced by the answer's, and {@code Pragma} and {@code Expires} removed unless the answer has
   * them, so both dispatches send the same bytes.
   */
  private static ServerResponse send(ApiResponse response) {
    HttpHeaders headers = new HttpHeaders();
    response.headers().forEach(headers::set);
    return new ServerResponse() {
      @Override
      public HttpStatusCode statusCode() {
        return HttpStatusCode.valueOf(response.status());
      }

      @Override
      public HttpHeaders headers() {
        return headers;
      }

      @Override
      public MultiValueMap<String, Cookie> cookies() {
        return new LinkedMultiValueMap<>();
      }

      @Override
      public @Nullable ModelAndView writeTo(
          HttpServletRequest request, HttpServletResponse servlet, Context context)
          throws IOException {
        for (String name : List.of("Pragma", "Expires")) {
          if (!response.headers().containsKey(name) && servlet.containsHeader(name)) {
            servlet.setHeader(name, null);
          }
        }
        ServletExchange.send(servlet, response);
        return null;
      }
    };
  }

  private static @Nullable VerifiedToken token(HttpServletRequest request) {
    if (SECURITY) {
      VerifiedToken t = SecurityToken.current();
      if (t != null) {
        return t;
      }
    }
    return request.getAttribute(DzAuthFilter.VERIFIED_TOKEN_ATTRIBUTE) instanceof VerifiedToken t
        ? t
        : null;
  }

  /** Reads Spring Security's context; loaded only when Spring Security is present. */
  private static final class SecurityToken {
    static @Nullable VerifiedToken current() {
      var auth =
          org.springframework.security.core.context.SecurityContextHolder.getContext()
              .getAuthentication();
      return auth instanceof DzAuthenticationToken dz ? dz.getVerifiedToken() : null;
    }
  }
}
