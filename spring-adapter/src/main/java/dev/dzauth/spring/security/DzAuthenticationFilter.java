package dev.dzauth.spring.security;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.http.HttpErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
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
 * Authenticates the request's {@code dz_} token, if it has one, and checks {@code x-business-id}
 * against the token's business (403 when they differ). A request without a token goes on
 * unauthenticated; the authorization rules decide. Stateless: nothing is put in a session.
 */
final class DzAuthenticationFilter extends OncePerRequestFilter {

  static final String BUSINESS_HEADER = "x-business-id";

  private final DzTokenResolver resolver;
  private final AuthenticationManager authenticationManager;
  private final AuthenticationEntryPoint entryPoint;
  private final HttpErrors errors;
  private SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
  private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

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
    String token = resolver.resolve(request);
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
    List<String> businesses = Collections.list(request.getHeaders(BUSINESS_HEADER));
    if (result.getPrincipal() instanceof DzPrincipal principal
        && (businesses.size() > 1
            || (businesses.size() == 1 && !sameBusiness(businesses.get(0), principal.businessId())))) {
      contexts.clearContext();
      ErrorResponses.write(response,
          errors.failure(DzAuthException.of(Reason.WRONG_BUSINESS, "x-business-id differs")));
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(result);
    contexts.setContext(context);
    repository.saveContext(context, request, response);
    chain.doFilter(request, response);
  }

  /** Whether the header names the token's business; UUIDs compare case-insensitively. */
  static boolean sameBusiness(String requested, String tokenBusiness) {
    String r = requested.strip();
    if (r.equals(tokenBusiness)) {
      return true;
    }
    try {
      return UUID.fromString(r).equals(UUID.fromString(tokenBusiness))
          && r.length() == 36 && tokenBusiness.length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
