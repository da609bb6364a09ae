/**
 * Test support for applications using dz-auth, without Spring: {@link
 * dev.dzauth.test.DzAuthTestTokens} mints real {@code dz_} tokens against an in-memory assembly.
 * The Spring Security side is in {@code dev.dzauth.test.security}.
 */
@NullMarked
package dev.dzauth.test;

import org.jspecify.annotations.NullMarked;
