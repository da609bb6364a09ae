/**
 * Adapter SPI: every HTTP rule of dz-auth, written once and bound to no framework, for dz-auth's
 * own adapters (the servlet filter and the Spring Boot starter) — not an application API; it is
 * meant to be exported only to those adapters ({@code exports dev.dzauth.http to …}). An adapter
 * only translates its framework's request and response types; it decides nothing itself.
 *
 * <ul>
 *   <li>{@code dev.dzauth.http.BearerCredentials}: the {@code Authorization} header values, parsed
 *       (RFC 7235 §2.1, RFC 6750 §2.1);
 *   <li>{@code dev.dzauth.http.BearerAuthenticator}: verification (never a 500) and the {@code
 *       x-business-id} check;
 *   <li>{@code dev.dzauth.http.HttpErrors}: every failure as status, {@code WWW-Authenticate},
 *       {@code Retry-After}, security headers and {@code detail}; the realm and retry rules;
 *   <li>{@code dev.dzauth.http.TokenApi}: the token-management API, from an {@link
 *       dev.dzauth.http.ApiRequest} to an {@code dev.dzauth.http.ApiResponse} (routing, scopes,
 *       validation in the pydantic v2 shape, paging, envelopes, JSON).
 * </ul>
 *
 * <p>The servlet binding every servlet-based adapter shares is {@code dev.dzauth.http.servlet}.
 */
@NullMarked
package dev.dzauth.http;

import org.jspecify.annotations.NullMarked;
