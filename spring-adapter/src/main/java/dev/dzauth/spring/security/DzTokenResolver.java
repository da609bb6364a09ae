package dev.dzauth.spring.security;

import dev.dzauth.http.BearerCredentials;
import dev.dzauth.http.servlet.ServletExchange;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Finds the token of a request, like Spring Security's {@code BearerTokenResolver}. Define a bean
 * of this type to replace the default, {@link #bearer()}.
 */
@FunctionalInterface
public interface DzTokenResolver {

  /**
   * The token sent with {@code request}, or {@code null} when the request carries none for dz-auth
   * (it then goes on unauthenticated).
   *
   * @throws DzAuthenticationException when the request's credentials are malformed (answered 401
   *     {@code invalid_token}, as Spring Security's own resolver throws for a malformed header)
   */
  @Nullable String resolve(HttpServletRequest request);

  /**
   * The credentials of an {@code Authorization: Bearer …} header, parsed by the shared {@link
   * BearerCredentials} exactly as the servlet filter parses them: the scheme name compared
   * case-insensitively, {@code 1*SP} before the token; several {@code Authorization} headers, a tab
   * after the scheme or spaces inside the credentials throw {@link DzAuthenticationException} (401
   * {@code invalid_token}). Any bearer credential is taken, so a non-{@code dz_} one is answered
   * 401 {@code invalid_token} as docs/API.md ("Errors") says.
   */
  static DzTokenResolver bearer() {
    return request -> {
      BearerCredentials credentials =
          BearerCredentials.parse(ServletExchange.headers(request, "Authorization"));
      return switch (credentials.kind()) {
        case ABSENT -> null;
        case MALFORMED ->
            throw new DzAuthenticationException(Objects.requireNonNull(credentials.failure()));
        case TOKEN -> credentials.token();
      };
    };
  }

  /**
   * Like {@link #bearer()} but only for credentials starting with {@code dz_}: other bearer tokens
   * are left to another authentication mechanism of the same filter chain.
   */
  static DzTokenResolver dzPrefixedOnly() {
    DzTokenResolver bearer = bearer();
    return request -> {
      String token = bearer.resolve(request);
      return token != null && token.startsWith("dz_") ? token : null;
    };
  }
}
