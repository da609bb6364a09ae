package dev.dzauth.spring.boot;

import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.token.TokenVerifier;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The servlet filter registration. */
@Configuration(proxyBeanMethods = false)
class ServletFilterConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "dzAuthFilterRegistration")
  FilterRegistrationBean<DzAuthFilter> dzAuthFilterRegistration(
      TokenVerifier verifier,
      ObjectProvider<TokenService> service,
      ObjectProvider<TokenApi> api,
      ObjectProvider<StatusListPublisher> statusLists,
      DzAuthProperties properties) {
    DzAuthFilter.Builder b;
    try {
      b =
          DzAuthFilter.builder(verifier)
              .realm(properties.getRealm())
              .retryAfter(properties.getHttp().getRetryAfter())
              .excludePaths(servletPatterns(properties.getPublicPaths()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("dz.auth.public-paths: " + e.getMessage(), e);
    }
    if (!properties.getRequiredScopes().isEmpty()) {
      b.requireScopes("/*", properties.getRequiredScopes().toArray(String[]::new));
    }
    TokenService s = service.getIfUnique();
    if (s != null) {
      b.tokenService(s);
    }
    TokenApi a = api.getIfUnique();
    if (a != null) {
      b.tokenApi(a);
    }
    StatusListPublisher lists = statusLists.getIfUnique();
    if (lists != null) {
      b.statusLists(lists); // served by the starter's route; the filter lets the path through
    }
    FilterRegistrationBean<DzAuthFilter> registration = new FilterRegistrationBean<>(b.build());
    registration.setName("dzAuthFilter");
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    return registration;
  }

  /** Spring path patterns ({@code /a/**}) as servlet URL patterns ({@code /a/*}). */
  static String[] servletPatterns(List<String> patterns) {
    List<String> out = new ArrayList<>();
    for (String p : patterns) {
      out.add(p.endsWith("/**") ? p.substring(0, p.length() - 3) + "/*" : p);
    }
    return out.toArray(String[]::new);
  }
}
