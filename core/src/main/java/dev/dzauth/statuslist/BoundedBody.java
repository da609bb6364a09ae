package dev.dzauth.statuslist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A response body of at most {@code max} bytes: a declared {@code Content-Length} above it is
 * refused before any byte is read, and reading stops (the subscription cancelled) as soon as the
 * bytes received pass it, whatever the server declared.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final int max;
  private final long declared;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private Flow.@Nullable Subscription subscription;

  private BoundedBody(int max, long declared) {
    this.max = max;
    this.declared = declared;
  }

  /** A handler reading at most {@code max} bytes of a 200 answer, and 16 KiB of any other. */
  static HttpResponse.BodyHandler<byte[]> handler(int max) {
    return info ->
        new BoundedBody(
            info.statusCode() == 200 ? max : Math.min(max, 16 * 1024),
            info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declared > max) {
      fail("response declares " + declared + " bytes, more than the " + max + " allowed");
      return;
    }
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      int n = b.remaining();
      if (bytes.size() + (long) n > max) {
        fail("response exceeds the " + max + " bytes allowed");
        return;
      }
      byte[] chunk = new byte[n];
      b.get(chunk);
      bytes.write(chunk, 0, n);
    }
  }

  @Override
  public void onError(Throwable t) {
    body.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    body.complete(bytes.toByteArray());
  }

  private void fail(String message) {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    body.completeExceptionally(new IOException(message));
  }
}
