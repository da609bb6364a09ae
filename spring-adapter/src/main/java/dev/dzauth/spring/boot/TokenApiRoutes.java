package dev.dzauth.spring.boot;

import dev.dzauth.http.ApiRequest;
import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.TokenApi;
import dev.dzauth.servlet.AsyncBodyReader;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.spring.security.DzAuthenticationToken;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.UrlPathHelper;

/** Binds {@link TokenApi} to Spring MVC: the request is handed over as it is, the answer sent back byte for byte. */
final class TokenApiRoutes {

  private static final String API_BASE = "/api/v1";
  private static final boolean SECURITY =
      ClassUtils.isPresent("org.springframework.security.core.context.SecurityContextHolder",
          TokenApiRoutes.class.getClassLoader());
  private static final UrlPathHelper PATHS = new UrlPathHelper();

  private TokenApiRoutes() {}

  static RouterFunction<ServerResponse> create(TokenApi api, String basePath) {
    String base = basePath.equals("/") ? "" : basePath;
    String tokens = base + TokenApi.TOKENS_PATH.substring(API_BASE.length());
    return RouterFunctions.route(
        RequestPredicates.path(tokens).or(RequestPredicates.path(tokens + "/**"))
            .or(RequestPredicates.path(TokenApi.JWKS_PATH)),
        request -> handle(api, base, request));
  }

  private static ServerResponse handle(TokenApi api, String base, ServerRequest request) throws IOException {
    HttpServletRequest servlet = request.servletRequest();
    String path = PATHS.getPathWithinApplication(servlet);
    if (!path.equals(TokenApi.JWKS_PATH) && !base.equals(API_BASE) && path.startsWith(base)) {
      path = API_BASE + path.substring(base.length());
    }
    String method = servlet.getMethod().toUpperCase(Locale.ROOT);
    String apiPath = path;
    var query = ApiRequest.parseQuery(servlet.getQueryString());
    VerifiedToken token = token(servlet);
    Function<byte[], ApiResponse> handler = body -> api.handle(new ApiRequest(method, apiPath, query, body, token));
    long declared = servlet.getContentLengthLong();
    if (declared > api.maxBodyBytes()) {
      return send(api.bodyTooLarge());
    }
    if (declared == 0 || (declared < 0 && servlet.getHeader("Transfer-Encoding") == null)) {
      return send(handler.apply(new byte[0]));
    }
    // Read without blocking, as DzTokenApiServlet does: Spring starts async processing for the
    // returned future, then (preProcess) the reader is registered on the request's input stream.
    CompletableFuture<ServerResponse> answer = new CompletableFuture<>();
    WebAsyncUtils.getAsyncManager(servlet).registerDeferredResultInterceptor(TokenApiRoutes.class,
        new DeferredResultProcessingInterceptor() {
          @Override
          public <T> void preProcess(NativeWebRequest request, DeferredResult<T> result) throws IOException {
            AsyncBodyReader.read(servlet.getInputStream(), api, handler).whenComplete((r, failure) -> {
              if (r != null) {
                answer.complete(sendAfterAsync(r));
              } else {
                answer.completeExceptionally(failure);
              }
            });
          }
        });
    return ServerResponse.async(answer, TokenApi.BODY_TIMEOUT.plusSeconds(60));
  }

  /**
   * The answer, written on the async dispatch as {@link #send} writes it: Spring Security already
   * wrote its cache headers when the first dispatch ended (nothing had set {@code Cache-Control}
   * yet), so they are replaced, not added to.
   */
  private static ServerResponse sendAfterAsync(ApiResponse response) {
    ServerResponse base = send(response);
    return new ServerResponse() {
      @Override
      public org.springframework.http.HttpStatusCode statusCode() {
        return base.statusCode();
      }

      @Override
      public org.springframework.http.HttpHeaders headers() {
        return base.headers();
      }

      @Override
      public org.springframework.util.MultiValueMap<String, jakarta.servlet.http.Cookie> cookies() {
        return base.cookies();
      }

      @Override
      public org.springframework.web.servlet.@Nullable ModelAndView writeTo(HttpServletRequest request,
          jakarta.servlet.http.HttpServletResponse servlet, Context context) throws IOException {
        for (String name : java.util.List.of("Pragma", "Expires")) {
          if (!response.headers().containsKey(name) && servlet.containsHeader(name)) {
            servlet.setHeader(name, null);
          }
        }
        servlet.setStatus(response.status());
        response.headers().forEach(servlet::setHeader);
        if (response.body().length > 0) {
          servlet.setContentLength(response.body().length);
          servlet.getOutputStream().write(response.body());
        }
        return null;
      }
    };
  }

  private static ServerResponse send(ApiResponse response) {
    return ServerResponse.status(response.status())
        .headers(h -> response.headers().forEach(h::set))
        .body(response.body());
  }

  private static @Nullable VerifiedToken token(HttpServletRequest request) {
    if (SECURITY) {
      VerifiedToken t = SecurityToken.current();
      if (t != null) {
        return t;
      }
    }
    return request.getAttribute(DzAuthFilter.VERIFIED_TOKEN_ATTRIBUTE) instanceof VerifiedToken t ? t : null;
  }

  /** Reads Spring Security's context; loaded only when Spring Security is present. */
  private static final class SecurityToken {
    static @Nullable VerifiedToken current() {
      var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
      return auth instanceof DzAuthenticationToken dz ? dz.getVerifiedToken() : null;
    }
  }
}
