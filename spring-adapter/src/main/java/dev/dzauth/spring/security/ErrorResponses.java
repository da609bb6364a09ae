package dev.dzauth.spring.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Writes API.md §3 error responses: {@code {"detail":…}} and the RFC 6750 challenge. */
final class ErrorResponses {

  /** Seconds a client should wait before retrying a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  private ErrorResponses() {}

  static String challenge(String realm, @Nullable String error, @Nullable String description) {
    StringBuilder b = new StringBuilder("Bearer realm=\"").append(realm).append('"');
    if (error != null) {
      b.append(", error=\"").append(error).append('"');
    }
    if (description != null) {
      // RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E.
      b.append(", error_description=\"")
          .append(description.replaceAll("[^\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]", ""))
          .append('"');
    }
    return b.toString();
  }

  static void write(HttpServletResponse response, int status, String detail) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    byte[] body = ("{\"detail\":" + jsonString(detail) + "}").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
