package dev.dzauth.servlet;

import dev.dzauth.http.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Servlet request and response translation. */
final class ServletIo {

  private ServletIo() {}

  static void send(HttpServletResponse response, ApiResponse api) throws IOException {
    response.setStatus(api.status());
    for (Map.Entry<String, String> h : api.headers().entrySet()) {
      response.setHeader(h.getKey(), h.getValue());
    }
    if (api.body().length > 0) {
      response.setContentLength(api.body().length);
      response.getOutputStream().write(api.body());
    }
  }

  static List<String> headers(HttpServletRequest request, String name) {
    var values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }

  /** The path inside the application, decoded and normalised by the container. */
  static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }
}
