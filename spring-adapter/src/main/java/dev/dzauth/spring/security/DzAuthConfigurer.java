package dev.dzauth.spring.security;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.spring.DzAuthObserver;
import dev.dzauth.token.TokenVerifier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Adds {@code dz_} bearer-token authentication to an {@link HttpSecurity}, the way {@code
 * oauth2ResourceServer()} adds JWTs:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http) throws Exception {
 *   return http
 *       .with(DzAuthConfigurer.dzAuth(), Customizer.withDefaults())
 *       .authorizeHttpRequests(a -> a.anyRequest().hasAuthority("SCOPE_orders:read"))
 *       .build();
 * }
 * }</pre>
 *
 * <p>It adds the authentication filter before {@link BasicAuthenticationFilter}, makes {@link
 * DzAuthenticationEntryPoint} and {@link DzAccessDeniedHandler} the default answers for 401/403,
 * and exempts requests carrying a token from CSRF protection (a bearer token is not sent by a
 * browser on its own). Collaborators not set here are taken from the application context (beans of
 * type {@link DzTokenResolver}, {@link DzAuthenticationProvider}, {@link
 * DzAuthenticationEntryPoint}, {@link DzAccessDeniedHandler}) or built from its {@link
 * TokenVerifier}.
 */
public final class DzAuthConfigurer extends AbstractHttpConfigurer<DzAuthConfigurer, HttpSecurity> {

  private @Nullable DzTokenResolver resolver;
  private @Nullable AuthenticationProvider provider;
  private @Nullable DzAuthenticationEntryPoint entryPoint;
  private @Nullable AccessDeniedHandler accessDeniedHandler;

  private DzAuthConfigurer() {}

  /** A configurer for {@code http.with(DzAuthConfigurer.dzAuth(), Customizer.withDefaults())}. */
  public static DzAuthConfigurer dzAuth() {
    return new DzAuthConfigurer();
  }

  /**
   * How the token is found in a request; default the context's bean or {@link
   * DzTokenResolver#bearer()}.
   */
  public DzAuthConfigurer tokenResolver(DzTokenResolver resolver) {
    this.resolver = resolver;
    return this;
  }

  /** What verifies tokens; default the context's {@link DzAuthenticationProvider}. */
  public DzAuthConfigurer authenticationProvider(AuthenticationProvider provider) {
    this.provider = provider;
    return this;
  }

  /** The answer to an unauthenticated request; default the context's bean. */
  public DzAuthConfigurer authenticationEntryPoint(DzAuthenticationEntryPoint entryPoint) {
    this.entryPoint = entryPoint;
    return this;
  }

  /** The answer to a refused request; default the context's bean. */
  public DzAuthConfigurer accessDeniedHandler(AccessDeniedHandler accessDeniedHandler) {
    this.accessDeniedHandler = accessDeniedHandler;
    return this;
  }

  @Override
  public void init(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    DzTokenResolver tokens = resolver(context);
    RequestMatcher all = AnyRequestMatcher.INSTANCE;
    @SuppressWarnings("unchecked")
    ExceptionHandlingConfigurer<HttpSecurity> exceptions =
        http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions != null) {
      exceptions.defaultAuthenticationEntryPointFor(entryPoint(context), all);
      exceptions.defaultAccessDeniedHandlerFor(accessDeniedHandler(context), all);
    }
    @SuppressWarnings("unchecked")
    CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
    if (csrf != null) {
      csrf.ignoringRequestMatchers(request -> tokens.resolve(request) != null);
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    DzAuthenticationEntryPoint answers = entryPoint(context);
    DzAuthenticationFilter filter =
        new DzAuthenticationFilter(
            resolver(context), new ProviderManager(provider(context)), answers, answers.errors());
    SecurityContextHolderStrategy strategy =
        http.getSharedObject(SecurityContextHolderStrategy.class);
    if (strategy != null) {
      filter.setSecurityContextHolderStrategy(strategy);
    }
    http.addFilterBefore(postProcess(filter), BasicAuthenticationFilter.class);
  }

  private DzTokenResolver resolver(@Nullable ApplicationContext context) {
    if (resolver == null) {
      resolver = bean(context, DzTokenResolver.class);
      if (resolver == null) {
        resolver = DzTokenResolver.bearer();
      }
    }
    return resolver;
  }

  private AuthenticationProvider provider(@Nullable ApplicationContext context) {
    if (provider == null) {
      provider = bean(context, DzAuthenticationProvider.class);
      if (provider == null) {
        TokenVerifier verifier = bean(context, TokenVerifier.class);
        if (verifier == null || context == null) {
          throw new IllegalStateException(
              "DzAuthConfigurer needs a TokenVerifier bean or an authenticationProvider(...)");
        }
        provider =
            new DzAuthenticationProvider(
                verifier,
                bean(context, TokenService.class),
                context.getBeanProvider(DzAuthObserver.class).orderedStream().toList());
      }
    }
    return provider;
  }

  private DzAuthenticationEntryPoint entryPoint(@Nullable ApplicationContext context) {
    if (entryPoint == null) {
      entryPoint = bean(context, DzAuthenticationEntryPoint.class);
      if (entryPoint == null) {
        entryPoint = new DzAuthenticationEntryPoint(errors(context));
      }
    }
    return entryPoint;
  }

  private AccessDeniedHandler accessDeniedHandler(@Nullable ApplicationContext context) {
    if (accessDeniedHandler == null) {
      accessDeniedHandler = bean(context, DzAccessDeniedHandler.class);
      if (accessDeniedHandler == null) {
        accessDeniedHandler = new DzAccessDeniedHandler(errors(context));
      }
    }
    return accessDeniedHandler;
  }

  /** The context's shared answers (realm, {@code Retry-After}), else the defaults. */
  private static HttpErrors errors(@Nullable ApplicationContext context) {
    HttpErrors errors = bean(context, HttpErrors.class);
    return errors != null ? errors : HttpErrors.defaults();
  }

  private static <T> @Nullable T bean(@Nullable ApplicationContext context, Class<T> type) {
    return context == null ? null : context.getBeanProvider(type).getIfUnique();
  }
}
