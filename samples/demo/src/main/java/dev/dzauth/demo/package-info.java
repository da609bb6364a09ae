/**
 * The runnable demo of the README (The demo): {@link dev.dzauth.demo.DemoServer} serves the filter,
 * the token-management API and {@code GET /api/v1/me} on an embedded Jetty, on the one assembly
 * {@link dev.dzauth.assembly.DzAuth}. A sample (module {@code samples/demo}), not part of any
 * library jar.
 */
@NullMarked
package dev.dzauth.demo;

import org.jspecify.annotations.NullMarked;
