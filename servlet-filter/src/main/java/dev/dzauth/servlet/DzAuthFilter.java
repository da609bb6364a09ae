package dev.dzauth.servlet;

import dev.dzauth.http.ApiResponse;
import dev.dzauth.http.BearerAuthenticator;
import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.StatusListEndpoint;
import dev.dzauth.http.TokenApi;
import dev.dzauth.http.servlet.ServletExchange;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code jakarta.servlet} filter that authenticates every request with {@code Authorization:
 * Bearer dz_…} (RFC 6750 §2.1), checks {@code x-business-id} against the token's business and
 * {@code x-environment-id} against an environment-scoped token's environment; see {@link
 * BearerAuthenticator} for every rule and failure response.
 *
 * <p>On success the request goes on wrapped: {@link HttpServletRequest#getUserPrincipal()} is a
 * {@link DzPrincipal} (with the token's scope and the environment the request acts in), {@link
 * HttpServletRequest#getRemoteUser()} its subject, {@link HttpServletRequest#isUserInRole(String)}
 * tests a scope, {@link HttpServletRequest#getAuthType()} is {@value #AUTH_TYPE}, and the request
 * attribute {@link #VERIFIED_TOKEN_ATTRIBUTE} holds the {@link VerifiedToken}; the use is recorded
 * through {@link TokenService#recordUse} when a service is configured. Paths may be excluded (the
 * JWK Set is by default) and may require scopes (403 {@code insufficient_scope} otherwise).
 *
 * <p>Two ways to configure it: in code, {@link #create(TokenVerifier)} or {@link #builder}; or from
 * init-params alone with the no-argument constructor (a {@code web.xml} {@code <filter>}): see the
 * README for every parameter. A bad or missing init-param fails {@link #init} with a message naming
 * it. A filter with a {@link TokenService} publishes a {@link TokenApi} in the servlet context
 * attribute {@link #TOKEN_API_ATTRIBUTE}, where {@link DzTokenApiServlet} finds it, and the service
 * in {@link #TOKEN_SERVICE_ATTRIBUTE}.
 *
 * <p>Thread-safe once initialised. Never logs or echoes a token.
 */
public final class DzAuthFilter implements Filter {

  /** {@link HttpServletRequest#getAuthType()} of an authenticated request. */
  public static final String AUTH_TYPE = "Bearer";

  /** The request attribute holding the {@link VerifiedToken}. */
  public static final String VERIFIED_TOKEN_ATTRIBUTE = VerifiedToken.class.getName();

  /**
   * The servlet context attribute where a filter with a token service publishes its {@link
   * TokenApi}.
   */
  public static final String TOKEN_API_ATTRIBUTE = TokenApi.class.getName();

  /** The servlet context attribute holding why a filter configured by init-params did not start. */
  static final String INIT_FAILURE_ATTRIBUTE = DzAuthFilter.class.getName() + ".initFailure";

  /**
   * The servlet context attribute where a filter with a token service publishes it (for example to
   * create a first token at start-up).
   */
  public static final String TOKEN_SERVICE_ATTRIBUTE = TokenService.class.getName();

  private static final Logger LOG = LoggerFactory.getLogger(DzAuthFilter.class);

  private volatile @Nullable Settings settings;
  private InitParams.@Nullable Resources owned;

  /** A filter configured from its init-params when the container calls {@link #init}. */
  public DzAuthFilter() {}

  private DzAuthFilter(Settings settings) {
    this.settings = settings;
  }

  /** A filter verifying with {@code verifier}, with every default (realm {@code dz-auth}). */
  public static DzAuthFilter create(TokenVerifier verifier) {
    return builder(verifier).build();
  }

  /** A builder for a filter verifying with {@code verifier}. */
  public static Builder builder(TokenVerifier verifier) {
    return new Builder(verifier);
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    Settings s = settings;
    if (s == null) {
      InitParams.Resources resources;
      try {
        resources = InitParams.configure(config);
      } catch (ServletException | RuntimeException e) {
        // The API servlet, initialised next, says why it has no API instead of only that it has
        // none.
        config.getServletContext().setAttribute(INIT_FAILURE_ATTRIBUTE, e.getMessage());
        throw e;
      }
      owned = resources;
      s = resources.settings();
      settings = s;
      LOG.info(
          "dz-auth filter '{}' configured from init-params: {}", config.getFilterName(), resources);
    }
    JettyCheck.harden(config.getServletContext());
    if (s.api() != null && config.getServletContext().getAttribute(TOKEN_API_ATTRIBUTE) == null) {
      config.getServletContext().setAttribute(TOKEN_API_ATTRIBUTE, s.api());
    }
    if (s.service() != null
        && config.getServletContext().getAttribute(TOKEN_SERVICE_ATTRIBUTE) == null) {
      config.getServletContext().setAttribute(TOKEN_SERVICE_ATTRIBUTE, s.service());
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Settings s = settings;
    if (s == null) {
      throw new ServletException("dz-auth filter used before init()");
    }
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String path = ServletExchange.path(request);
    for (PathPattern p : s.excluded()) {
      if (p.matches(path)) {
        chain.doFilter(req, res);
        return;
      }
    }
    BearerAuthenticator.Outcome outcome =
        s.authenticator()
            .authenticate(
                ServletExchange.headers(request, "Authorization"),
                ServletExchange.headers(request, BearerAuthenticator.BUSINESS_HEADER),
                ServletExchange.headers(request, BearerAuthenticator.ENVIRONMENT_HEADER));
    if (!outcome.isAuthenticated()) {
      ServletExchange.send(response, Objects.requireNonNull(outcome.failure()));
      return;
    }
    VerifiedToken token = Objects.requireNonNull(outcome.token());
    for (ScopeRule rule : s.scopeRules()) {
      if (rule.pattern().matches(path) && !token.scopes().containsAll(rule.scopes())) {
        LOG.debug("dz-auth: token jti {} lacks scopes {} for {}", token.jti(), rule.scopes(), path);
        ApiResponse forbidden = s.errors().insufficientScope(rule.scopes());
        ServletExchange.send(response, forbidden);
        return;
      }
    }
    TokenService service = s.service();
    if (service != null) {
      service.recordUse(token);
    }
    request.setAttribute(VERIFIED_TOKEN_ATTRIBUTE, token);
    chain.doFilter(
        new AuthenticatedRequest(request, DzPrincipal.of(token, outcome.environmentId())),
        response);
  }

  @Override
  public void destroy() {
    InitParams.@Nullable Resources r = owned;
    owned = null;
    if (r != null) {
      r.close();
    }
  }

  /** Paths that must carry scopes. */
  record ScopeRule(PathPattern pattern, Set<String> scopes) {}

  /** Everything the filter needs, configured once. */
  record Settings(
      BearerAuthenticator authenticator,
      HttpErrors errors,
      List<PathPattern> excluded,
      List<ScopeRule> scopeRules,
      @Nullable TokenService service,
      @Nullable TokenApi api) {}

  /** Configures a {@link DzAuthFilter} in code. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private String realm = HttpErrors.DEFAULT_REALM;
    private Duration retryAfter = HttpErrors.DEFAULT_RETRY_AFTER;
    private final List<PathPattern> excluded =
        new ArrayList<>(
            List.of(new PathPattern(TokenApi.JWKS_PATH), new PathPattern(TokenApi.OPENAPI_PATH)));
    private final List<ScopeRule> scopeRules = new ArrayList<>();
    private @Nullable TokenService service;
    private @Nullable TokenApi api;
    private @Nullable StatusListPublisher statusLists;
    private int leakReportsPerMinute = TokenApi.DEFAULT_LEAK_REPORTS_PER_MINUTE;

    private Builder(TokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The {@code realm} of {@code WWW-Authenticate} challenges; default {@code dz-auth}. */
    public Builder realm(String realm) {
      try {
        this.realm = HttpErrors.requireRealm(realm);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("realm: " + e.getMessage(), e);
      }
      return this;
    }

    /** {@code Retry-After} of a 503 (store unavailable); default 5 s. */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = HttpErrors.requireRetryAfter(retryAfter);
      return this;
    }

    /**
     * Servlet URL patterns ({@code /exact}, {@code /prefix/*}, {@code *.ext}) that pass without a
     * token; {@code /.well-known/jwks.json} and {@code /openapi.json} always do.
     */
    public Builder excludePaths(String... patterns) {
      for (String p : patterns) {
        excluded.add(new PathPattern(p));
      }
      return this;
    }

    /** Requests whose path matches {@code pattern} need every one of {@code scopes} (else 403). */
    public Builder requireScopes(String pattern, String... scopes) {
      if (scopes.length == 0) {
        throw new IllegalArgumentException(
            "requireScopes(" + pattern + ") needs at least one scope");
      }
      scopeRules.add(new ScopeRule(new PathPattern(pattern), new LinkedHashSet<>(List.of(scopes))));
      return this;
    }

    /**
     * The token service: last uses are recorded through it, and the filter publishes a {@link
     * TokenApi} over it for {@link DzTokenApiServlet}.
     */
    public Builder tokenService(TokenService service) {
      this.service = Objects.requireNonNull(service, "service");
      return this;
    }

    /**
     * The issuer's Token Status Lists: the published API (the default one) serves them at {@code
     * /statuslists/<n>}, which passes without a token.
     */
    public Builder statusLists(StatusListPublisher publisher) {
      this.statusLists = Objects.requireNonNull(publisher, "publisher");
      excluded.add(new PathPattern(StatusListEndpoint.PATH + "/*"));
      return this;
    }

    /**
     * Leak reports ({@code POST /api/v1/tokens/leaks}) each calling token may send per minute, 1 to
     * {@value TokenApi#MAX_LEAK_REPORTS_PER_MINUTE}; default {@value
     * TokenApi#DEFAULT_LEAK_REPORTS_PER_MINUTE}. For the API this builder makes (not one given to
     * {@link #tokenApi}).
     */
    public Builder leakReportsPerMinute(int perMinute) {
      this.leakReportsPerMinute = TokenApi.requireLeakReportsPerMinute(perMinute);
      return this;
    }

    /** The API to publish (default: one over {@link #tokenService} with this realm). */
    public Builder tokenApi(TokenApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /** Builds the filter. */
    public DzAuthFilter build() {
      HttpErrors errors = HttpErrors.create(realm, retryAfter);
      TokenApi published = api;
      if (published == null && service != null) {
        published =
            TokenApi.create(
                service, verifier, errors, TokenApi.DEFAULT_MAX_BODY_BYTES, leakReportsPerMinute);
        StatusListPublisher lists = statusLists;
        if (lists != null) {
          published = published.withStatusLists(StatusListEndpoint.of(lists));
        }
      }
      return new DzAuthFilter(
          new Settings(
              BearerAuthenticator.create(verifier, errors),
              errors,
              List.copyOf(excluded),
              List.copyOf(scopeRules),
              service,
              published));
    }
  }
}
