/** A tiny Spring Boot application protected by the dz-auth starter, tested with dz-auth-test. */
@NullMarked
package dev.dzauth.sample.boot;

import org.jspecify.annotations.NullMarked;
