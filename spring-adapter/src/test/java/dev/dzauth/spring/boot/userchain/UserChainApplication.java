package dev.dzauth.spring.boot.userchain;

import dev.dzauth.servlet.DzPrincipal;
import dev.dzauth.spring.security.DzAuthConfigurer;
import dev.dzauth.spring.security.DzTokenResolver;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application with its own filter chain, using the configurer. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(UserChainApplication.Open.class)
class UserChainApplication {

  @Bean
  SecurityFilterChain userChain(HttpSecurity http) throws Exception {
    return http.with(DzAuthConfigurer.dzAuth(), Customizer.withDefaults())
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/open")
                    .permitAll()
                    .anyRequest()
                    .hasAuthority("SCOPE_orders:read"))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  @Bean
  DzTokenResolver onlyDzTokens() {
    return DzTokenResolver.dzPrefixedOnly();
  }

  @RestController
  static class Open {
    @GetMapping("/open")
    Map<String, Object> open() {
      return Map.of("open", true);
    }

    @GetMapping("/api/v1/me")
    Map<String, Object> me(@AuthenticationPrincipal DzPrincipal me) {
      return Map.of("subject", me.subject());
    }
  }
}
