package dev.dzauth.test.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.DzPrincipal;
import dev.dzauth.spring.security.DzAuthenticationToken;
import dev.dzauth.token.VerifiedToken;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** The annotation's context holds what the starter's provider would have built. */
@SpringJUnitConfig(WithMockDzPrincipalTests.Empty.class)
final class WithMockDzPrincipalTests {

  @Configuration(proxyBeanMethods = false)
  static class Empty {}

  @Test
  @WithMockDzPrincipal(
      subject = "alice",
      businessId = "b-1",
      scopes = {"orders:write", "orders:read"},
      tokenId = "t-1",
      jti = "j-1")
  void contextWhenAnnotatedThenProductionAuthentication() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();

    DzAuthenticationToken production =
        DzAuthenticationToken.of(
            new VerifiedToken(
                "t-1",
                "j-1",
                "alice",
                "b-1",
                Set.of("orders:read", "orders:write"),
                "any",
                Instant.EPOCH,
                null));
    assertThat(authentication).isInstanceOf(DzAuthenticationToken.class);
    assertThat(authentication.isAuthenticated()).isTrue();
    assertThat(authentication.getCredentials()).isNull();
    assertThat(authentication.getPrincipal())
        .isInstanceOf(DzPrincipal.class)
        .isEqualTo(production.getPrincipal());
    assertThat(List.copyOf(authentication.getAuthorities()))
        .isEqualTo(List.copyOf(production.getAuthorities()))
        .extracting(Object::toString)
        .containsExactly("SCOPE_orders:read", "SCOPE_orders:write");
    assertThat(authentication.getName()).isEqualTo("alice");
  }

  @Test
  @WithMockDzPrincipal
  void contextWhenDefaultsThenUserOfBusinessWithoutAuthorities() {
    DzPrincipal principal =
        (DzPrincipal) SecurityContextHolder.getContext().getAuthentication().getPrincipal();

    assertThat(principal.subject()).isEqualTo("user");
    assertThat(principal.businessId()).isEqualTo("business");
    assertThat(principal.scopes()).isEmpty();
    assertThat(SecurityContextHolder.getContext().getAuthentication().getAuthorities()).isEmpty();
  }

  @Test
  @WithMockDzPrincipal(subject = "ci", businessId = "b-1", environmentId = "env-prod")
  void contextWhenEnvironmentThenAnEnvironmentScopedPrincipal() {
    DzPrincipal principal =
        (DzPrincipal) SecurityContextHolder.getContext().getAuthentication().getPrincipal();

    assertThat(principal.tokenScope()).isEqualTo("environment");
    assertThat(principal.environmentId()).isEqualTo("env-prod");
    assertThat(principal.isEnvironmentScoped()).isTrue();
  }

  @Test
  @WithMockDzPrincipal
  void contextWhenNoEnvironmentThenAnAccountPrincipal() {
    DzPrincipal principal =
        (DzPrincipal) SecurityContextHolder.getContext().getAuthentication().getPrincipal();

    assertThat(principal.tokenScope()).isEqualTo("account");
    assertThat(principal.environmentId()).isNull();
  }
}
