/**
 * Tokens and their keys: {@link dev.dzauth.token.TokenMinter} issues {@code dz_} tokens, {@link
 * dev.dzauth.token.TokenVerifier} verifies them, {@link dev.dzauth.token.KeySet} and {@link
 * dev.dzauth.token.KeySetHolder} hold the keys and their rotation.
 *
 * <p>A token is {@code dz_} followed by a JWS compact serialization (RFC 7515) of a JWT (RFC 7519)
 * with an explicit {@code typ} (RFC 8725 §3.11). See {@link dev.dzauth.token.TokenFormat}.
 */
@NullMarked
package dev.dzauth.token;

import org.jspecify.annotations.NullMarked;
