/**
 * Hardening for an embedded Jetty 12 that serves the filter ({@link
 * dev.dzauth.servlet.jetty.JettyHardening}). Jetty is an optional dependency of this module: use
 * this package only when the application brings {@code jetty-server} itself.
 */
@NullMarked
package dev.dzauth.servlet.jetty;

import org.jspecify.annotations.NullMarked;
