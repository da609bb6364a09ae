package dev.dzauth.servlet.testing;

import dev.dzauth.servlet.DzPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/me}: the authenticated principal as JSON, as the demo answers it. */
public final class MeServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!(request.getUserPrincipal() instanceof DzPrincipal p)) {
      response.sendError(401);
      return;
    }
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("token_id", p.tokenId());
    me.put("jti", p.jti());
    me.put("subject", p.subject());
    me.put("business_id", p.businessId());
    me.put("scopes", new TreeSet<>(p.scopes()));
    me.put("token_scope", p.tokenScope());
    me.put("environment_id", p.environmentId());
    me.put("auth_type", request.getAuthType());
    byte[] body = JSON.writeValueAsBytes(me);
    response.setStatus(200);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
