/**
 * Spring Security test support for dz-auth, in the manner of {@code spring-security-test}: {@link
 * dev.dzauth.test.security.WithMockDzPrincipal} for a test method's security context, {@link
 * dev.dzauth.test.security.DzAuthRequestPostProcessors} for MockMvc requests, and {@link
 * dev.dzauth.test.security.DzAuthTestConfiguration} for real tokens in a Spring test context. Every
 * mock authentication is a real {@link dev.dzauth.spring.security.DzAuthenticationToken} built by
 * the starter's own {@code DzAuthenticationToken.of}, so the principal and authorities are those of
 * production.
 */
@NullMarked
package dev.dzauth.test.security;

import org.jspecify.annotations.NullMarked;
