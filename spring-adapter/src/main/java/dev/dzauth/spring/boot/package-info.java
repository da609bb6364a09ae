/**
 * Spring Boot auto-configuration of dz-auth, configured by {@link
 * dev.dzauth.spring.boot.DzAuthProperties} under {@code dz.auth}. Every bean backs off when the
 * application defines its own.
 */
@NullMarked
package dev.dzauth.spring.boot;

import org.jspecify.annotations.NullMarked;
