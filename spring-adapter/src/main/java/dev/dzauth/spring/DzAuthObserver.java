package dev.dzauth.spring;

import dev.dzauth.DzAuthException;
import org.jspecify.annotations.Nullable;

/**
 * Hears what dz-auth does, for metrics and tracing: each token verification and each call to the
 * token store. Every bean of this type in the application context is told. Implementations must be
 * thread-safe, fast and must not throw; they never see a token.
 */
public interface DzAuthObserver {

  /**
   * A token verification finished.
   *
   * @param failure why it failed, or {@code null} when the token verified
   * @param nanos how long it took
   */
  default void verification(DzAuthException.@Nullable Reason failure, long nanos) {}

  /**
   * A call to the token store finished.
   *
   * @param operation the {@link dev.dzauth.store.TokenStore} method, such as {@code status}
   * @param nanos how long it took
   * @param success whether it returned normally
   */
  default void storeCall(String operation, long nanos, boolean success) {}
}
