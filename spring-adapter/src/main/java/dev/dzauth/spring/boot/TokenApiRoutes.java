package dev.dzauth.spring.boot;

import dev.dzauth.http.ApiRequest;
import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.TokenApi;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.spring.security.DzAuthenticationToken;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
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
    byte[] body;
    try (InputStream in = servlet.getInputStream()) {
      body = in.readNBytes(api.maxBodyBytes() + 1);
    }
    ApiResponse response =
        body.length > api.maxBodyBytes()
            ? api.bodyTooLarge()
            : api.handle(new ApiRequest(servlet.getMethod().toUpperCase(Locale.ROOT), path,
                ApiRequest.parseQuery(servlet.getQueryString()), body, token(servlet)));
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
