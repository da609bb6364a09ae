package dev.dzauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.TokenApi;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.spring.security.DzAuthenticationProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.web.SecurityFilterChain;

/** The management API (opt-in) and the servlet filter used when Spring Security is absent. */
final class DzAuthWebAutoConfigurationTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DzAuthAutoConfiguration.class,
                  DzAuthSecurityAutoConfiguration.class,
                  DzAuthApiAutoConfiguration.class,
                  DzAuthServletFilterAutoConfiguration.class,
                  SecurityAutoConfiguration.class,
                  ServletWebSecurityAutoConfiguration.class))
          .withPropertyValues("dz.auth.issuer=https://auth.test");

  @Test
  void apiIsOptIn() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(TokenApi.class).doesNotHaveBean("dzAuthApiRoutes");
          assertThat(context).hasSingleBean(HttpErrors.class);
        });
  }

  @Test
  void apiEnabledThenRoutesOverTheSharedTokenApi() {
    runner
        .withPropertyValues("dz.auth.api.enabled=true", "dz.auth.realm=r1")
        .run(
            context -> {
              assertThat(context).hasSingleBean(TokenApi.class).hasBean("dzAuthApiRoutes");
              assertThat(context.getBean(TokenApi.class).errors().realm()).isEqualTo("r1");
            });
  }

  @Test
  void leakReportsPerMinuteReachesTheApiAndUnsetIsItsDefault() {
    runner
        .withPropertyValues("dz.auth.api.enabled=true", "dz.auth.api.leak-reports-per-minute=3")
        .run(
            context ->
                assertThat(context.getBean(TokenApi.class).leakReportsPerMinute()).isEqualTo(3));
    runner
        .withPropertyValues("dz.auth.api.enabled=true")
        .run(
            context ->
                assertThat(context.getBean(TokenApi.class).leakReportsPerMinute())
                    .isEqualTo(TokenApi.DEFAULT_LEAK_REPORTS_PER_MINUTE));
  }

  @Test
  void withSpringSecurityThenNoServletFilter() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(DzAuthenticationProvider.class);
          assertThat(context).doesNotHaveBean("dzAuthFilterRegistration");
        });
  }

  @Test
  void withoutSpringSecurityThenServletFilterRegistered() {
    runner
        .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
        .withPropertyValues("dz.auth.api.enabled=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(DzAuthenticationProvider.class);
              FilterRegistrationBean<?> registration =
                  context.getBean("dzAuthFilterRegistration", FilterRegistrationBean.class);
              assertThat(registration.getFilter()).isInstanceOf(DzAuthFilter.class);
              assertThat(registration.getUrlPatterns()).containsExactly("/*");
              assertThat(context).hasSingleBean(TokenApi.class);
            });
  }

  @Test
  void userFilterRegistrationWins() {
    FilterRegistrationBean<DzAuthFilter> mine = new FilterRegistrationBean<>();
    runner
        .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
        .withBean("dzAuthFilterRegistration", FilterRegistrationBean.class, () -> mine)
        .run(context -> assertThat(context.getBean("dzAuthFilterRegistration")).isSameAs(mine));
  }

  @Test
  void springPathPatternsBecomeServletPatterns() {
    assertThat(
            ServletFilterConfiguration.servletPatterns(
                java.util.List.of("/actuator/health/**", "/error", "/.well-known/jwks.json")))
        .containsExactly("/actuator/health/*", "/error", "/.well-known/jwks.json");
  }
}
