package dev.dzauth.http.servlet;

import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.TokenApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one translation between {@code jakarta.servlet} exchanges and the shared HTTP layer, for the
 * servlet filter, the token API servlet and the Spring adapter alike: header values in, an {@link
 * ApiResponse} out, and the decision to answer a body-carrying request before reading it. Stateless
 * and thread-safe.
 */
public final class ServletExchange {

  private ServletExchange() {}

  /**
   * Every value of header {@code name} of {@code request}, in the order received (empty if none).
   */
  public static List<String> headers(HttpServletRequest request, String name) {
    var values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }

  /**
   * The client's address as the container reports it ({@link HttpServletRequest#getRemoteAddr()}):
   * behind a reverse proxy, the proxy's, unless the container's forwarded-header handling (Tomcat's
   * {@code RemoteIpValve}, Jetty's {@code ForwardedRequestCustomizer}, Spring Boot's {@code
   * server.forward-headers-strategy}) replaces it with the client's; dz-auth never reads {@code
   * X-Forwarded-For} itself. {@code null} when the container has none.
   */
  public static @Nullable String clientIp(HttpServletRequest request) {
    String ip = request.getRemoteAddr();
    return ip == null || ip.isEmpty() ? null : ip;
  }

  /** The request's first {@code User-Agent} value, or {@code null} (core keeps 512 characters). */
  public static @Nullable String userAgent(HttpServletRequest request) {
    return request.getHeader("User-Agent");
  }

  /**
   * The path inside the application, decoded and normalised by the container: servlet path + path
   * info.
   */
  public static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  /**
   * Writes {@code answer} (status, headers replacing any of the same name, {@code Content-Length}
   * and body); the container commits it when the request returns. A response already committed is
   * left as it is: nothing can be said any more, and writing would only throw.
   */
  public static void send(HttpServletResponse response, ApiResponse answer) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.setStatus(answer.status());
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      response.setHeader(h.getKey(), h.getValue());
    }
    response.setContentLength(answer.body().length);
    if (answer.body().length > 0) {
      response.getOutputStream().write(answer.body());
    }
    // Not flushed here: committing while a large unread request body is pending makes Jetty drop
    // the connection before the client has read the answer; the container commits on return.
  }

  /**
   * Reads the body of {@code request} (in asynchronous mode) with {@link AsyncBodyReader}, its
   * declared {@code Content-Length} checked first; the future completes with the answer.
   */
  public static CompletableFuture<ApiResponse> readBody(
      HttpServletRequest request, TokenApi api, Function<byte[], ApiResponse> handler)
      throws IOException {
    return AsyncBodyReader.read(
        request.getInputStream(), api, request.getContentLengthLong(), handler);
  }

  /**
   * As {@link #readBody(HttpServletRequest, TokenApi, Function)}, bounding the body at {@code
   * limit} bytes: the route's bound, {@link TokenApi#maxBodyBytes(String)}.
   */
  public static CompletableFuture<ApiResponse> readBody(
      HttpServletRequest request, TokenApi api, int limit, Function<byte[], ApiResponse> handler)
      throws IOException {
    return AsyncBodyReader.read(
        request.getInputStream(), api, limit, request.getContentLengthLong(), handler);
  }

  /**
   * The answer to {@code request} when its body need not be read: a declared {@code Content-Length}
   * over {@link AsyncBodyReader#DRAIN_LIMIT} is a 413 at once (nothing is read; the container may
   * close the connection), a request without a body is {@code handler}'s answer to an empty one.
   * {@code null} when there is a body to read: then read it with {@link #readBody}, which answers a
   * declared length over {@link TokenApi#maxBodyBytes()} 413 without keeping any of it.
   */
  public static @Nullable ApiResponse answerWithoutReading(
      HttpServletRequest request, TokenApi api, Function<byte[], ApiResponse> handler) {
    long declared = request.getContentLengthLong();
    if (declared > AsyncBodyReader.DRAIN_LIMIT) {
      return api.bodyTooLarge();
    }
    if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null)) {
      return handler.apply(new byte[0]);
    }
    return null;
  }
}
