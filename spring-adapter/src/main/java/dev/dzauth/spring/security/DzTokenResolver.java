package dev.dzauth.spring.security;

import jakarta.servlet.http.HttpServletRequest;
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
   */
  @Nullable String resolve(HttpServletRequest request);

  /**
   * The credentials of an {@code Authorization: Bearer …} header, the scheme name compared
   * case-insensitively (RFC 7235 §2.1). Any bearer credential is taken, so a non-{@code dz_} one is
   * answered 401 {@code invalid_token} as API.md §3 asks.
   */
  static DzTokenResolver bearer() {
    return BearerTokens::fromAuthorization;
  }

  /**
   * Like {@link #bearer()} but only for credentials starting with {@code dz_}: other bearer tokens
   * are left to another authentication mechanism of the same filter chain.
   */
  static DzTokenResolver dzPrefixedOnly() {
    return request -> {
      String token = BearerTokens.fromAuthorization(request);
      return token != null && token.startsWith("dz_") ? token : null;
    };
  }
}
