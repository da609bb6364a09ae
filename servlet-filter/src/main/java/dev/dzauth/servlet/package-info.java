/**
 * The servlet binding: {@link dev.dzauth.servlet.DzAuthFilter} authenticates requests with {@code
 * Authorization: Bearer dz_…} and exposes a {@link dev.dzauth.servlet.DzPrincipal}; {@link
 * dev.dzauth.servlet.DzTokenApiServlet} serves the token-management API next to it. Both only
 * translate servlet requests and responses; the rules live in {@code dev.dzauth.http}.
 */
@NullMarked
package dev.dzauth.servlet;

import org.jspecify.annotations.NullMarked;
