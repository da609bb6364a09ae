/**
 * dz-auth: mint, verify and revoke {@code dz_} API tokens.
 *
 * <p>Start with {@link dev.dzauth.token.TokenVerifier} (authenticate a request), {@link
 * dev.dzauth.token.TokenMinter} (issue a token) and the lifecycle service in {@code
 * dev.dzauth.lifecycle}. Every failure is a {@link dev.dzauth.DzAuthException} with a {@link
 * dev.dzauth.DzAuthException.Reason}.
 */
@NullMarked
package dev.dzauth;

import org.jspecify.annotations.NullMarked;
