package dev.dzauth.token;

/**
 * Gives a token its entry in the issuer's Token Status Lists before {@link TokenMinter} signs it,
 * so that the token carries its {@code status} claim ({@link TokenMinter.Builder#statusLists}).
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface StatusListAllocator {

  /**
   * The entry of the token about to be minted with {@code jti} for {@code request}: allocated
   * durably, never handed out again.
   *
   * @throws dev.dzauth.DzAuthException with {@link
   *     dev.dzauth.DzAuthException.Reason#STORE_UNAVAILABLE} when none can be allocated (the token
   *     is not minted then)
   */
  StatusListReference allocate(String jti, MintRequest request);
}
