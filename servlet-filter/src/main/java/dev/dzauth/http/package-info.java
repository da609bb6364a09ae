/**
 * The token-management HTTP API and bearer authentication, written once and bound to no framework:
 * {@link dev.dzauth.http.TokenApi} turns an {@link dev.dzauth.http.ApiRequest} into an
 * {@link dev.dzauth.http.ApiResponse} (routing, scopes, validation in the pydantic v2 shape,
 * paging, envelopes, JSON); {@link dev.dzauth.http.BearerAuthenticator} reads the
 * {@code Authorization} and {@code x-business-id} headers; {@link dev.dzauth.http.HttpErrors} maps
 * every failure to its status, {@code WWW-Authenticate} challenge and {@code detail}. The servlet
 * filter and the Spring adapter only translate their request and response types.
 */
@NullMarked
package dev.dzauth.http;

import org.jspecify.annotations.NullMarked;
