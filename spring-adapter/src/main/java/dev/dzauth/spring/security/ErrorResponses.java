package dev.dzauth.spring.security;

import dev.dzauth.http.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sends the answers of the shared HTTP rules ({@code dev.dzauth.http.HttpErrors}): the same status,
 * headers and bytes as the servlet filter.
 */
final class ErrorResponses {

  private ErrorResponses() {}

  static void write(HttpServletResponse response, ApiResponse answer) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
    response.flushBuffer();
  }
}
