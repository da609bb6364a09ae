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
 * Reads a token API request body with the servlet container's non-blocking I/O, so no thread
 * waits on a slow client, and answers it: {@code handler}'s answer once the body is whole;
 * {@link TokenApi#bodyTooLarge()} past {@link TokenApi#maxBodyBytes()};
 * {@link TokenApi#bodyTimeout()} (408) when it is not whole {@link TokenApi#BODY_TIMEOUT} after
 * the read started; {@link TokenApi#bodyIncomplete()} (400) when the stream ends or fails first.
 * The servlet and the Spring adapter both read bodies here, so they answer alike.
 *
 * <p>The request must be in asynchronous mode ({@code startAsync()}) before {@link #read} is called.
 * The returned future completes exactly once, on a container thread (or the deadline's timer).
 */
public final class AsyncBodyReader implements ReadListener {

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final ServletInputStream in;
  private final TokenApi api;
  private final Function<byte[], ApiResponse> handler;
  private final CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
  private final AtomicBoolean answered = new AtomicBoolean();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[8192];
  private final ScheduledFuture<?> deadline;

  private AsyncBodyReader(ServletInputStream in, TokenApi api, Function<byte[], ApiResponse> handler) {
    this.in = in;
    this.api = api;
    this.handler = handler;
    this.deadline = TIMER.schedule(() -> answer(api.bodyTimeout()),
        TokenApi.BODY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts reading {@code in} (of a request in asynchronous mode); the answer completes the future. */
  public static CompletableFuture<ApiResponse> read(ServletInputStream in, TokenApi api,
      Function<byte[], ApiResponse> handler) {
    AsyncBodyReader reader = new AsyncBodyReader(in, api, handler);
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
      body.write(buffer, 0, n);
      if (body.size() > api.maxBodyBytes()) {
        answer(api.bodyTooLarge());
        return;
      }
    }
  }

  @Override
  public void onAllDataRead() {
    if (answered.compareAndSet(false, true)) {
      deadline.cancel(false);
      try {
        answer.complete(handler.apply(body.toByteArray()));
      } catch (RuntimeException | Error e) {
        // Completed either way: an async request left unanswered would hang until the client gives up.
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
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "dz-auth-body-deadline");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
