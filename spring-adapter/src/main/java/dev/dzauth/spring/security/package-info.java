/**
 * Spring Security integration: {@code dz_} bearer tokens become a {@link
 * dev.dzauth.spring.security.DzAuthenticationToken} with {@code SCOPE_…} authorities. Apply it with
 * {@code http.with(DzAuthConfigurer.dzAuth(), Customizer.withDefaults())}; errors are answered as
 * RFC 6750 describes by {@link dev.dzauth.spring.security.DzAuthenticationEntryPoint} and {@link
 * dev.dzauth.spring.security.DzAccessDeniedHandler}. The principal is the servlet module's {@link
 * dev.dzauth.servlet.DzPrincipal}, the one principal type of every adapter. Every rule (credential
 * parsing, verification failures, the business check, error bodies) is the shared {@code
 * dev.dzauth.http} layer's; these classes only bind it to Spring Security.
 */
@NullMarked
package dev.dzauth.spring.security;

import org.jspecify.annotations.NullMarked;
