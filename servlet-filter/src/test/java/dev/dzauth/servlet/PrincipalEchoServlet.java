package dev.dzauth.servlet;

import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/** A downstream servlet that shows what the filter gave it, one {@code key=value} per line. */
public final class PrincipalEchoServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    StringBuilder b = new StringBuilder();
    Principal p = request.getUserPrincipal();
    b.append("principalClass=").append(p == null ? "null" : p.getClass().getName()).append('\n');
    b.append("name=").append(p == null ? "null" : p.getName()).append('\n');
    if (p instanceof DzPrincipal dz) {
      b.append("tokenId=").append(dz.tokenId()).append('\n');
      b.append("jti=").append(dz.jti()).append('\n');
      b.append("business=").append(dz.businessId()).append('\n');
      b.append("scopes=").append(new java.util.TreeSet<>(dz.scopes())).append('\n');
    }
    b.append("remoteUser=").append(request.getRemoteUser()).append('\n');
    b.append("authType=").append(request.getAuthType()).append('\n');
    b.append("inRole.tokens:read=").append(request.isUserInRole("tokens:read")).append('\n');
    b.append("inRole.admin=").append(request.isUserInRole("admin")).append('\n');
    Object attr = request.getAttribute(DzAuthFilter.VERIFIED_TOKEN_ATTRIBUTE);
    b.append("attribute=").append(attr instanceof VerifiedToken v ? v.jti() : "null").append('\n');
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain;charset=utf-8");
    response.getOutputStream().write(body);
  }
}
