/**
 * dz-auth for Spring applications: {@link dev.dzauth.spring.DzAuthObserver}; Spring Security
 * integration in {@code dev.dzauth.spring.security}; Spring Boot auto-configuration in {@code
 * dev.dzauth.spring.boot}.
 */
@NullMarked
package dev.dzauth.spring;

import org.jspecify.annotations.NullMarked;
