package dev.dzauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * A request as the application sees it once authenticated: principal, remote user, roles = scopes.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

  private final DzPrincipal principal;

  AuthenticatedRequest(HttpServletRequest request, DzPrincipal principal) {
    super(request);
    this.principal = principal;
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.subject();
  }

  @Override
  public boolean isUserInRole(String role) {
    return role != null && principal.scopes().contains(role);
  }

  @Override
  public String getAuthType() {
    return DzAuthFilter.AUTH_TYPE;
  }
}
