/**
 * The JDBC {@link dev.dzauth.store.TokenStore}: {@link dev.dzauth.store.jdbc.JdbcTokenStore} on
 * PostgreSQL, MariaDB/MySQL or the embedded H2, with its schema as SQL resources per {@link
 * dev.dzauth.store.jdbc.JdbcDialect}.
 */
@NullMarked
package dev.dzauth.store.jdbc;

import org.jspecify.annotations.NullMarked;
