package dev.dzauth.token;

import dev.dzauth.status.TokenStatus;
import org.jspecify.annotations.Nullable;

/**
 * The issuer as a verify-only {@link TokenVerifier} sees it, in place of a store: its keys (its JWK
 * Set) and the status of a token from the Token Status List the token's {@code status} claim names.
 * Implemented by {@code dev.dzauth.statuslist.StatusListClient}. Implementations are thread-safe,
 * bound their own I/O, and fail closed.
 */
public interface RemoteIssuer {

  /**
   * The issuer's key set held now, or {@code null} when none was fetched yet: a read with no I/O,
   * what a verified token's warm path checks its key against.
   */
  @Nullable KeySet heldKeys();

  /**
   * The issuer's key set: the one held, or fetched now when none is held or when {@code lacking} is
   * the one held (a token named a {@code kid} it lacks; refetched at most once per the
   * implementation's refresh interval, so a flood of unknown {@code kid}s makes no flood of
   * fetches).
   *
   * @param lacking the key set a token's {@code kid} was not found in, or {@code null}
   * @return the key set held after the call (still {@code lacking} when it was not refetched)
   * @throws dev.dzauth.DzAuthException with {@link
   *     dev.dzauth.DzAuthException.Reason#STORE_UNAVAILABLE} when no key set can be had
   */
  KeySet keys(@Nullable KeySet lacking);

  /**
   * The status of the token whose {@code status.status_list} claim is {@code uri} and {@code idx}.
   *
   * @return {@link TokenStatus#ACTIVE}, {@link TokenStatus#SUSPENDED}, {@link TokenStatus#REVOKED}
   *     (the list's "invalid"), or {@link TokenStatus#UNKNOWN} (an index outside the list)
   * @throws dev.dzauth.DzAuthException with {@link
   *     dev.dzauth.DzAuthException.Reason#INVALID_CLAIMS} for a {@code uri} the issuer does not
   *     serve lists at, or {@link dev.dzauth.DzAuthException.Reason#STORE_UNAVAILABLE} when no list
   *     fresh enough can be had
   */
  TokenStatus status(String uri, int idx);
}
