package dev.dzauth.test.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.DzPrincipal;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** On a class, the annotation applies to each method; one on a method wins. */
@SpringJUnitConfig(WithMockDzPrincipalOnClassTests.Empty.class)
@WithMockDzPrincipal(subject = "class-user", scopes = "orders:read")
final class WithMockDzPrincipalOnClassTests {

  @Configuration(proxyBeanMethods = false)
  static class Empty {}

  @Test
  void contextWhenOnlyClassAnnotatedThenClassPrincipal() {
    assertThat(principal().subject()).isEqualTo("class-user");
    assertThat(principal().scopes()).containsExactly("orders:read");
  }

  @Test
  @WithMockDzPrincipal(subject = "method-user")
  void contextWhenMethodAnnotatedThenMethodPrincipal() {
    assertThat(principal().subject()).isEqualTo("method-user");
    assertThat(principal().scopes()).isEmpty();
  }

  private static DzPrincipal principal() {
    return (DzPrincipal) SecurityContextHolder.getContext().getAuthentication().getPrincipal();
  }
}
