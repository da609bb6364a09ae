package dev.dzauth.spring.security;

import dev.dzauth.DzAuthException;
import dev.dzauth.http.BearerAuthenticator;
import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.servlet.ServletExchange;
import dev.dzauth.servlet.DzPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the request's {@code dz_} token, if it has one, checks {@code x-business-id}
 * against the token's business (403 when they differ) and {@code x-environment-id} against an
 * environment-scoped token's environment (403 when it names another; {@code
 * BearerAuthenticator.checkEnvironment}); the principal carries the environment the request acts
 * in. A request without a token goes on unauthenticated; the authorization rules decide. Stateless:
 * nothing is put in a session.
 */
final class DzAuthenticationFilter extends OncePerRequestFilter {

  private final DzTokenResolver resolver;
  private final AuthenticationManager authenticationManager;
  private final AuthenticationEntryPoint entryPoint;
  private final HttpErrors errors;
  private SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
  private final SecurityContextRepository repository =
      new RequestAttributeSecurityContextRepository();

  DzAuthenticationFilter(
      DzTokenResolver resolver,
      AuthenticationManager authenticationManager,
      AuthenticationEntryPoint entryPoint,
      HttpErrors errors) {
    this.resolver = resolver;
    this.authenticationManager = authenticationManager;
    this.entryPoint = entryPoint;
    this.errors = errors;
  }

  void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
    this.contexts = strategy;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token;
    try {
      token = resolver.resolve(request);
    } catch (AuthenticationException e) {
      contexts.clearContext();
      entryPoint.commence(request, response, e);
      return;
    }
    if (token == null) {
      chain.doFilter(request, response);
      return;
    }
    Authentication result;
    try {
      DzBearerToken attempt = new DzBearerToken(token);
      attempt.setDetails(null);
      result = authenticationManager.authenticate(attempt);
    } catch (AuthenticationException e) {
      contexts.clearContext();
      entryPoint.commence(request, response, e);
      return;
    }
    if (result.getPrincipal() instanceof DzPrincipal principal) {
      try {
        BearerAuthenticator.checkBusiness(
            ServletExchange.headers(request, BearerAuthenticator.BUSINESS_HEADER),
            principal.businessId());
        String environment =
            BearerAuthenticator.checkEnvironment(
                ServletExchange.headers(request, BearerAuthenticator.ENVIRONMENT_HEADER),
                principal.isEnvironmentScoped() ? principal.environmentId() : null);
        if (result instanceof DzAuthenticationToken dz) {
          result = dz.inEnvironment(environment);
        }
      } catch (DzAuthException e) {
        contexts.clearContext();
        ServletExchange.send(response, errors.failure(e));
        return;
      }
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(result);
    contexts.setContext(context);
    repository.saveContext(context, request, response);
    chain.doFilter(request, response);
  }
}
