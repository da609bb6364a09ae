package dev.dzauth.sample.war;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * {@code GET /hello}: answers {@code hello <subject>} to the caller the filter let through; the
 * filter sets the request's principal (a {@code DzPrincipal}, whose name is the token's subject).
 */
public final class HelloServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Principal principal = req.getUserPrincipal();
    if (principal == null) { // only when the filter is not mapped in front of this servlet
      resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().println("hello " + principal.getName());
  }
}
