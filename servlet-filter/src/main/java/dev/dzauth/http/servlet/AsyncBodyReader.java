package dev.dzauth.http.servlet;

import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.TokenApi;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Reads a token API request body with the servlet container's non-blocking I/O, so no thread waits
 * on a slow client, and answers it: {@code handler}'s answer once the body is whole; {@link
 * TokenApi#bodyTooLarge()} past {@link TokenApi#maxBodyBytes()} (or when the declared {@code
 * Content-Length} says so: nothing is kept), once the rest of the body, up to {@link #DRAIN_LIMIT},
 * has been read and dropped, so the client reads the 413 on a connection that stays usable (Jetty
 * drops a connection whose request body is left unread, and a client still sending then sees a
 * broken pipe instead of the answer; Tomcat drains on its own); {@link TokenApi#bodyTimeout()}
 * (408) when it is not whole {@link TokenApi#BODY_TIMEOUT} after the read started; {@link
 * TokenApi#bodyIncomplete()} (400) when the stream ends or fails first. The servlet and the Spring
 * adapter both read bodies here, so they answer alike.
 *
 * <p>The request must be in asynchronous mode ({@code startAsync()}) before {@link #read} is
 * called. The returned future completes exactly once, on a container thread (or the deadline's
 * timer).
 */
public final class AsyncBodyReader implements ReadListener {

  /** The most of a too-large body read and dropped before the 413 is sent regardless. */
  public static final long DRAIN_LIMIT = 1024 * 1024;

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final ServletInputStream in;
  private final TokenApi api;
  private final int limit;
  private final Function<byte[], ApiResponse> handler;
  private final CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
  private final AtomicBoolean answered = new AtomicBoolean();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[8192];
  private final ScheduledFuture<?> deadline;
  private volatile boolean tooLarge;
  private long dropped;

  private AsyncBodyReader(
      ServletInputStream in,
      TokenApi api,
      int limit,
      boolean tooLarge,
      Function<byte[], ApiResponse> handler) {
    this.in = in;
    this.api = api;
    this.limit = limit;
    this.handler = handler;
    this.tooLarge = tooLarge;
    this.deadline =
        TIMER.schedule(
            () -> answer(this.tooLarge ? api.bodyTooLarge() : api.bodyTimeout()),
            TokenApi.BODY_TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /**
   * Starts reading {@code in} (of a request in asynchronous mode); the answer completes the future.
   */
  public static CompletableFuture<ApiResponse> read(
      ServletInputStream in, TokenApi api, Function<byte[], ApiResponse> handler) {
    return read(in, api, -1, handler);
  }

  /**
   * Starts reading {@code in} (of a request in asynchronous mode) whose declared {@code
   * Content-Length} is {@code declaredLength} (-1: none); a declared length over {@link
   * TokenApi#maxBodyBytes()} is answered 413 without keeping any of the body.
   */
  public static CompletableFuture<ApiResponse> read(
      ServletInputStream in,
      TokenApi api,
      long declaredLength,
      Function<byte[], ApiResponse> handler) {
    return read(in, api, api.maxBodyBytes(), declaredLength, handler);
  }

  /**
   * As {@link #read(ServletInputStream, TokenApi, long, Function)}, bounding the body at {@code
   * limit} bytes (the route's, {@link TokenApi#maxBodyBytes(String)}) instead of {@link
   * TokenApi#maxBodyBytes()}.
   */
  public static CompletableFuture<ApiResponse> read(
      ServletInputStream in,
      TokenApi api,
      int limit,
      long declaredLength,
      Function<byte[], ApiResponse> handler) {
    AsyncBodyReader reader = new AsyncBodyReader(in, api, limit, declaredLength > limit, handler);
    try {
      in.setReadListener(reader);
    } catch (RuntimeException e) {
      reader.deadline.cancel(false);
      throw e;
    }
    return reader.answer;
  }

  @Override
  public void onDataAvailable() throws IOException {
    while (!answered.get() && in.isReady()) {
      int n = in.read(buffer);
      if (n < 0) {
        return;
      }
      if (tooLarge) {
        dropped += n;
        if (dropped > DRAIN_LIMIT) {
          answer(api.bodyTooLarge());
          return;
        }
        continue;
      }
      body.write(buffer, 0, n);
      if (body.size() > limit) {
        tooLarge = true;
        dropped = body.size();
        body.reset();
      }
    }
  }

  @Override
  public void onAllDataRead() {
    if (tooLarge) {
      answer(api.bodyTooLarge());
      return;
    }
    if (answered.compareAndSet(false, true)) {
      deadline.cancel(false);
      try {
        answer.complete(handler.apply(body.toByteArray()));
      } catch (RuntimeException | Error e) {
        // Completed either way: an async request left unanswered would hang until the client gives
        // up.
        answer.completeExceptionally(e);
      }
    }
  }

  @Override
  public void onError(Throwable failure) {
    answer(api.bodyIncomplete());
  }

  private void answer(ApiResponse response) {
    if (answered.compareAndSet(false, true)) {
      deadline.cancel(false);
      answer.complete(response);
    }
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "dz-auth-body-deadline");
              thread.setDaemon(true);
              return thread;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
