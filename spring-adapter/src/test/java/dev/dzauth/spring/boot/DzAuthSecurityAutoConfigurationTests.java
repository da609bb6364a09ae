package dev.dzauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.spring.security.DzAccessDeniedHandler;
import dev.dzauth.spring.security.DzAuthenticationEntryPoint;
import dev.dzauth.spring.security.DzAuthenticationProvider;
import dev.dzauth.spring.security.DzTokenResolver;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

/** The Spring Security auto-configuration: default chain, back-off, and its absence. */
final class DzAuthSecurityAutoConfigurationTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DzAuthAutoConfiguration.class,
                  DzAuthSecurityAutoConfiguration.class,
                  SecurityAutoConfiguration.class,
                  ServletWebSecurityAutoConfiguration.class,
                  UserDetailsServiceAutoConfiguration.class))
          .withPropertyValues("dz.auth.issuer=https://auth.test");

  @Test
  void defaultChainAndCollaborators() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context)
              .hasSingleBean(SecurityFilterChain.class)
              .hasBean("dzAuthSecurityFilterChain");
          assertThat(context)
              .hasSingleBean(DzAuthenticationProvider.class)
              .hasSingleBean(DzAuthenticationEntryPoint.class)
              .hasSingleBean(DzAccessDeniedHandler.class)
              .hasSingleBean(DzTokenResolver.class);
          // Our provider makes Boot's generated-password user back off.
          assertThat(context).doesNotHaveBean(UserDetailsService.class);
        });
  }

  @Test
  void userChainReplacesDefault() {
    runner
        .withUserConfiguration(UserChain.class)
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(SecurityFilterChain.class)
                  .hasBean("userChain")
                  .doesNotHaveBean("dzAuthSecurityFilterChain");
              assertThat(context).hasSingleBean(DzAuthenticationProvider.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class UserChain {
    @Bean
    SecurityFilterChain userChain(HttpSecurity http) throws Exception {
      return http.with(
              dev.dzauth.spring.security.DzAuthConfigurer.dzAuth(),
              org.springframework.security.config.Customizer.withDefaults())
          .authorizeHttpRequests(a -> a.anyRequest().hasAuthority("SCOPE_x"))
          .build();
    }
  }

  @Test
  void userCollaboratorsWin() {
    DzAuthenticationEntryPoint entryPoint = new DzAuthenticationEntryPoint("mine");
    DzTokenResolver resolver = DzTokenResolver.dzPrefixedOnly();
    runner
        .withBean(DzAuthenticationEntryPoint.class, () -> entryPoint)
        .withBean(DzTokenResolver.class, () -> resolver)
        .run(
            context -> {
              assertThat(context.getBean(DzAuthenticationEntryPoint.class)).isSameAs(entryPoint);
              assertThat(context.getBean(DzTokenResolver.class)).isSameAs(resolver);
            });
  }

  @Test
  void withoutSpringSecurityThenNoSecurityBeans() {
    runner
        .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .doesNotHaveBean(DzAuthenticationProvider.class)
                  .doesNotHaveBean(SecurityFilterChain.class);
            });
  }

  @Test
  void notAWebApplicationThenNoSecurityBeans() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DzAuthAutoConfiguration.class, DzAuthSecurityAutoConfiguration.class))
        .withPropertyValues("dz.auth.issuer=https://auth.test")
        .run(context -> assertThat(context).doesNotHaveBean(DzAuthenticationProvider.class));
  }

  @Test
  void requiredScopesAndPublicPathsBuildTheDefaultChain() {
    runner
        .withPropertyValues("dz.auth.required-scopes=api:use", "dz.auth.public-paths=/ping")
        .run(context -> assertThat(context).hasBean("dzAuthSecurityFilterChain"));
  }
}
