/**
 * Where token records live: the {@link dev.dzauth.store.TokenStore} SPI, its thread-safe {@link
 * dev.dzauth.store.InMemoryTokenStore}, and (in {@code dev.dzauth.store.jdbc}) the JDBC store for
 * PostgreSQL, MariaDB and the embedded default.
 */
@NullMarked
package dev.dzauth.store;

import org.jspecify.annotations.NullMarked;
