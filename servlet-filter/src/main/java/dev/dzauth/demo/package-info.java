/**
 * The runnable demo of API.md §4: {@link dev.dzauth.demo.DemoServer} serves the filter, the
 * token-management API and {@code GET /api/v1/me} on an embedded Jetty. Not part of the library's
 * API: its dependencies (Jetty, H2, slf4j-simple) are optional ones of this module.
 */
@NullMarked
package dev.dzauth.demo;

import org.jspecify.annotations.NullMarked;
