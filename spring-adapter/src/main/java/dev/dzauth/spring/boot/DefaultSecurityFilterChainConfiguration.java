package dev.dzauth.spring.boot;

import dev.dzauth.http.StatusListEndpoint;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.spring.security.DzAuthConfigurer;
import dev.dzauth.spring.security.DzAuthenticationToken;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The chain used when the application defines none: stateless, {@code dz_} tokens only, every
 * request authenticated (and holding {@code dz.auth.required-scopes}) except {@code
 * dz.auth.public-paths}.
 */
@Configuration(proxyBeanMethods = false)
// What Boot's own default chain waits for, in conditions that every supported Boot version has
// (ConditionalOnDefaultWebSecurity is deprecated for removal in Boot 4.1, its successor absent in
// 4.0).
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnMissingBean(SecurityFilterChain.class)
class DefaultSecurityFilterChainConfiguration {

  @Bean
  SecurityFilterChain dzAuthSecurityFilterChain(
      HttpSecurity http,
      DzAuthProperties properties,
      ObjectProvider<StatusListPublisher> statusLists)
      throws Exception {
    List<String> paths = new ArrayList<>(properties.getPublicPaths());
    if (statusLists.getIfUnique() != null) {
      paths.add(StatusListEndpoint.PATH + "/**"); // public, like the JWK Set
    }
    String[] publicPaths = paths.toArray(String[]::new);
    String[] required =
        properties.getRequiredScopes().stream()
            .map(s -> DzAuthenticationToken.SCOPE_PREFIX + s)
            .toArray(String[]::new);
    http.with(DzAuthConfigurer.dzAuth(), Customizer.withDefaults())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .authorizeHttpRequests(
            a -> {
              if (publicPaths.length > 0) {
                a.requestMatchers(publicPaths).permitAll();
              }
              if (required.length > 0) {
                a.anyRequest().hasAllAuthorities(required);
              } else {
                a.anyRequest().authenticated();
              }
            });
    return http.build();
  }
}
