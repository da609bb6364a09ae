package dev.dzauth.servlet;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.assembly.VerifyOnly;
import dev.dzauth.http.BearerAuthenticator;
import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.StatusListEndpoint;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.BootstrapToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.redis.RedisDoorbell;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a filter's settings from init-params alone, failing with a message that names the
 * parameter. Every parameter is documented in the README.
 */
final class InitParams {

  private static final Logger LOG = LoggerFactory.getLogger(InitParams.class);

  static final Set<String> KNOWN =
      Set.of(
          "issuer",
          "key-set",
          "active-kid",
          "algorithms",
          "store",
          "jdbc-user",
          "jdbc-password",
          "jdbc-create-schema",
          "status-cache-size",
          "status-refresh-after",
          "status-max-staleness",
          "status-store-timeout",
          "verified-cache-size",
          "verified-cache-max-age",
          "clock-skew",
          "last-used-flush-interval",
          "excluded-paths",
          "required-scopes",
          "realm",
          "retry-after",
          "max-body-bytes",
          "leak-reports-per-minute",
          "max-roll-grace-period",
          "events-retention",
          "events-expiry-warnings",
          "events-lease",
          "events-poll-interval",
          "status-poll-interval",
          "status-max-lag",
          "status-doorbell",
          "bootstrap-subject",
          "bootstrap-business",
          "bootstrap-name",
          "bootstrap-scopes",
          "bootstrap-token-file",
          "status-list-base-uri",
          "status-list-size",
          "status-list-ttl",
          "status-list-validity",
          "verify-only-issuer",
          "verify-only-jwks-uri",
          "verify-only-min-ttl",
          "verify-only-max-ttl",
          "verify-only-max-staleness",
          "verify-only-request-timeout",
          "verify-only-allow-plain-http");

  /** The init-params of a service with a store and keys: none of them applies to verify-only. */
  static final List<String> NOT_VERIFY_ONLY =
      List.of(
          "key-set",
          "active-kid",
          "store",
          "jdbc-user",
          "jdbc-password",
          "jdbc-create-schema",
          "status-cache-size",
          "status-refresh-after",
          "status-max-staleness",
          "status-store-timeout",
          "status-poll-interval",
          "status-max-lag",
          "status-doorbell",
          "last-used-flush-interval",
          "max-body-bytes",
          "bootstrap-subject",
          "bootstrap-business",
          "bootstrap-name",
          "bootstrap-scopes",
          "bootstrap-token-file",
          "status-list-base-uri",
          "status-list-size",
          "status-list-ttl",
          "status-list-validity");

  /**
   * The {@code status-doorbell} init-param: {@code auto} (default: the assembly's rule, PostgreSQL
   * {@code LISTEN} when the store is on PostgreSQL, none otherwise), {@code none}, or a {@code
   * redis://} / {@code rediss://} URI (Redis pub/sub, for MariaDB and MySQL; needs Jedis).
   */
  private void doorbell(DzAuth.Builder assembly) throws ServletException {
    String mode = optional("status-doorbell");
    if (mode == null || mode.equals("auto")) {
      return;
    }
    if (mode.startsWith("redis://") || mode.startsWith("rediss://")) {
      assembly.doorbell(
          build("status-doorbell", () -> RedisDoorbell.builder(java.net.URI.create(mode)).build()));
    } else if (mode.equals("none")) {
      assembly.doorbell(null);
    } else {
      throw new ServletException(
          "dz-auth init-param 'status-doorbell': '"
              + mode
              + "' is not auto, none or a redis:// URI");
    }
  }

  /**
   * The {@code bootstrap-*} init-params: with {@code bootstrap-subject}, {@code bootstrap-business}
   * and {@code bootstrap-token-file} (all three, or none), the assembly creates the first token at
   * first start ({@link DzAuth.Builder#bootstrap}); {@code bootstrap-name} and {@code
   * bootstrap-scopes} (comma- or space-separated) default to core's.
   */
  private void bootstrap(DzAuth.Builder assembly) throws ServletException {
    String subject = optional("bootstrap-subject");
    String business = optional("bootstrap-business");
    String file = optional("bootstrap-token-file");
    String name = optional("bootstrap-name");
    String scopes = optional("bootstrap-scopes");
    if (subject == null && business == null && file == null) {
      if (name != null || scopes != null) {
        throw new ServletException(
            "dz-auth init-param '"
                + (name != null ? "bootstrap-name" : "bootstrap-scopes")
                + "' needs bootstrap-subject, bootstrap-business and bootstrap-token-file");
      }
      return;
    }
    if (subject == null || business == null || file == null) {
      String missing =
          subject == null
              ? "bootstrap-subject"
              : business == null ? "bootstrap-business" : "bootstrap-token-file";
      throw new ServletException(
          "dz-auth init-param '"
              + missing
              + "' is required with the other bootstrap-* init-params");
    }
    Set<String> scopeSet = new LinkedHashSet<>();
    if (scopes != null) {
      for (String s : scopes.split("[,\\s]+")) {
        if (!s.isEmpty()) {
          scopeSet.add(s);
        }
      }
    }
    String n = name;
    assembly.bootstrap(
        build(
            scopes != null ? "bootstrap-scopes" : "bootstrap-subject",
            () ->
                new BootstrapToken(
                    subject,
                    business,
                    n == null ? BootstrapToken.DEFAULT_NAME : n,
                    scopes == null ? BootstrapToken.DEFAULT_SCOPES : scopeSet,
                    Path.of(file))));
  }

  /**
   * {@code jdbc-create-schema} when unset: an adapter decision (core's {@code JdbcTokenStore}
   * creates nothing unless asked), so it lives here, once.
   */
  static final boolean JDBC_CREATE_SCHEMA_DEFAULT = true;

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final FilterConfig config;

  private InitParams(FilterConfig config) {
    this.config = config;
  }

  /** What a filter configured from init-params owns, closed by {@link DzAuthFilter#destroy()}. */
  record Resources(
      DzAuthFilter.Settings settings, String description, Deque<AutoCloseable> closeables) {
    void close() {
      closeAll(closeables);
    }

    @Override
    public String toString() {
      return description;
    }
  }

  static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("dz-auth: closing {} failed", c.getClass().getSimpleName(), e);
      }
    }
  }

  static Resources configure(FilterConfig config) throws ServletException {
    InitParams p = new InitParams(config);
    for (String name : Collections.list(config.getInitParameterNames())) {
      if (!KNOWN.contains(name)) {
        throw new ServletException("dz-auth init-param '" + name + "' is unknown; known: " + KNOWN);
      }
    }
    Deque<AutoCloseable> closeables = new ArrayDeque<>();
    try {
      return p.build(closeables);
    } catch (ServletException | RuntimeException e) {
      closeAll(closeables);
      throw e;
    }
  }

  /**
   * The builder option each init-param sets: a core builder's failure names its option first
   * ({@code maxStaleness must be …}), and this is how it is reported as the init-param.
   */
  private static final Map<String, String> PARAM_OF_OPTION =
      Map.ofEntries(
          Map.entry("issuer", "issuer"),
          Map.entry("allowedAlgorithms", "algorithms"),
          Map.entry("maximumSize", "status-cache-size"),
          Map.entry("refreshAfter", "status-refresh-after"),
          Map.entry("maxStaleness", "status-max-staleness"),
          Map.entry("storeTimeout", "status-store-timeout"),
          Map.entry("pollInterval", "status-poll-interval"),
          Map.entry("maxLag", "status-max-lag"),
          Map.entry("verifiedCacheSize", "verified-cache-size"),
          Map.entry("verifiedCacheMaxAge", "verified-cache-max-age"),
          Map.entry("clockSkew", "clock-skew"),
          Map.entry("lastUsedFlushInterval", "last-used-flush-interval"),
          Map.entry("maxRollGracePeriod", "max-roll-grace-period"),
          Map.entry("bootstrap", "bootstrap-*"),
          Map.entry("statusLists", "status-list-base-uri"),
          Map.entry("statusListBaseUri", "status-list-base-uri"),
          Map.entry("listSize", "status-list-size"),
          Map.entry("ttl", "status-list-ttl"),
          Map.entry("validity", "status-list-validity"));

  /** As {@link #PARAM_OF_OPTION}, for a verify-only filter. */
  private static final Map<String, String> VERIFY_ONLY_PARAM_OF_OPTION =
      Map.ofEntries(
          Map.entry("issuer", "verify-only-issuer"),
          Map.entry("jwksUri", "verify-only-jwks-uri"),
          Map.entry("minTtl", "verify-only-min-ttl"),
          Map.entry("maxTtl", "verify-only-max-ttl"),
          Map.entry("maxStaleness", "verify-only-max-staleness"),
          Map.entry("requestTimeout", "verify-only-request-timeout"),
          Map.entry("allowedAlgorithms", "algorithms"),
          Map.entry("verifiedCacheSize", "verified-cache-size"),
          Map.entry("verifiedCacheMaxAge", "verified-cache-max-age"),
          Map.entry("clockSkew", "clock-skew"));

  private Resources build(Deque<AutoCloseable> closeables) throws ServletException {
    String verifyOnlyIssuer = optional("verify-only-issuer");
    if (verifyOnlyIssuer != null) {
      return buildVerifyOnly(closeables, verifyOnlyIssuer);
    }
    for (String name : Collections.list(config.getInitParameterNames())) {
      if (name.startsWith("verify-only-") && optional(name) != null) {
        throw new ServletException(
            "dz-auth init-param '" + name + "' needs verify-only-issuer (a verify-only filter)");
      }
    }
    String issuer = required("issuer");
    String keySource = required("key-set");
    KeySet keySet = keySet(keySource, optional("active-kid"));

    // Parse every value first, naming its init-param; unset ones stay null: the builder's default.
    Long cacheSize = longValue("status-cache-size");
    Duration refreshAfter = duration("status-refresh-after");
    Duration maxStaleness = duration("status-max-staleness");
    Duration storeTimeout = duration("status-store-timeout");
    Duration pollInterval = duration("status-poll-interval");
    Duration maxLag = duration("status-max-lag");
    @Nullable Set<SignatureAlgorithm> algorithms = algorithms();
    Long verifiedSize = longValue("verified-cache-size");
    Duration verifiedMaxAge = duration("verified-cache-max-age");
    Duration clockSkew = duration("clock-skew");
    Duration flushInterval = duration("last-used-flush-interval");
    Duration maxRollGrace = duration("max-roll-grace-period");
    Duration eventsRetention = duration("events-retention");
    List<Duration> expiryWarnings = durations("events-expiry-warnings");
    Duration eventsLease = duration("events-lease");
    Duration eventsPoll = duration("events-poll-interval");
    String listBase = optional("status-list-base-uri");
    Long listSize = longValue("status-list-size");
    Duration listTtl = duration("status-list-ttl");
    Duration listValidity = duration("status-list-validity");
    if (listBase == null) {
      for (String name : List.of("status-list-size", "status-list-ttl", "status-list-validity")) {
        if (optional(name) != null) {
          throw new ServletException(
              "dz-auth init-param '" + name + "' needs status-list-base-uri (status lists on)");
        }
      }
    }

    DzAuth.Builder assembly = DzAuth.builder(issuer, keySet);
    String storeSpec = optional("store") == null ? "memory" : optional("store");
    Deque<AutoCloseable> storeResources = new ArrayDeque<>();
    TokenStore store;
    try {
      store =
          Stores.open(
              storeSpec,
              optional("jdbc-user"),
              optional("jdbc-password"),
              bool("jdbc-create-schema", JDBC_CREATE_SCHEMA_DEFAULT),
              storeResources);
      doorbell(assembly);
      bootstrap(assembly);
    } catch (ServletException | RuntimeException e) {
      closeAll(storeResources);
      throw e;
    }
    assembly.store(store);
    // Stores pushed the pool, then the store: the assembly closes the last given first.
    for (Iterator<AutoCloseable> it = storeResources.descendingIterator(); it.hasNext(); ) {
      assembly.closing(it.next());
    }
    assembly
        .statusCache(
            c -> {
              set(cacheSize, c::maximumSize);
              set(refreshAfter, c::refreshAfter);
              set(maxStaleness, c::maxStaleness);
              set(storeTimeout, c::storeTimeout);
            })
        .poller(
            p -> {
              set(pollInterval, p::pollInterval);
              set(maxLag, p::maxLag);
            })
        .verifier(
            v -> {
              set(algorithms, v::allowedAlgorithms);
              set(verifiedSize, v::verifiedCacheSize);
              set(verifiedMaxAge, v::verifiedCacheMaxAge);
              set(clockSkew, v::clockSkew);
            })
        .service(
            t -> {
              set(flushInterval, t::lastUsedFlushInterval);
              set(maxRollGrace, t::maxRollGracePeriod);
            })
        .events(
            e -> {
              // Set under the init-param's own name: the outbox's option names (pollInterval,
              // lease, retention) are other parts' too.
              setAs("events-retention", eventsRetention, e::retention);
              setAs("events-expiry-warnings", expiryWarnings, e::expiryWarnings);
              setAs("events-lease", eventsLease, e::lease);
              setAs("events-poll-interval", eventsPoll, e::pollInterval);
            });
    if (listBase != null) {
      assembly
          .statusLists(listBase)
          .statusListCreateSchema(bool("jdbc-create-schema", JDBC_CREATE_SCHEMA_DEFAULT))
          .statusLists(
              l -> {
                set(listTtl, l::ttl);
                set(listValidity, l::validity);
              });
      if (listSize != null) {
        build(
            "status-list-size",
            () ->
                assembly.statusListSize((int) Math.max(0, Math.min(Integer.MAX_VALUE, listSize))));
      }
    }
    DzAuth dz;
    try {
      dz = assembly.build();
    } catch (ParamFailure e) {
      throw new ServletException(
          "dz-auth init-param '" + e.param + "': " + e.getCause().getMessage(), e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      String option = e.getMessage() == null ? "" : e.getMessage().split("[ (]", 2)[0];
      String param = PARAM_OF_OPTION.get(option);
      throw new ServletException(
          "dz-auth init-param" + (param == null ? "s" : " '" + param + "'") + ": " + e.getMessage(),
          e);
    }
    closeables.push(dz);

    String realm = optional("realm") == null ? HttpErrors.defaults().realm() : optional("realm");
    Duration retryAfter = duration("retry-after");
    HttpErrors errors =
        build(
            "realm",
            () ->
                HttpErrors.create(
                    realm, retryAfter == null ? HttpErrors.DEFAULT_RETRY_AFTER : retryAfter));

    TokenService service = null;
    TokenApi api = null;
    if (keySet.activeKey().isPresent()) {
      service = dz.service();
      Long maxBody = longValue("max-body-bytes");
      Long leakRate = longValue("leak-reports-per-minute");
      int leakReportsPerMinute =
          leakRate == null
              ? TokenApi.DEFAULT_LEAK_REPORTS_PER_MINUTE
              : build(
                  "leak-reports-per-minute",
                  () -> TokenApi.requireLeakReportsPerMinute(saturatedInt(leakRate)));
      TokenService s = service;
      api =
          build(
              "max-body-bytes",
              () ->
                  TokenApi.create(
                      s,
                      dz.verifier(),
                      errors,
                      maxBody == null ? TokenApi.DEFAULT_MAX_BODY_BYTES : Math.toIntExact(maxBody),
                      leakReportsPerMinute));
      if (dz.statusLists() != null) {
        api = api.withStatusLists(StatusListEndpoint.of(dz.statusLists()));
      }
    }

    List<PathPattern> excluded = excludedPaths();
    if (dz.statusLists() != null) {
      excluded.add(new PathPattern(StatusListEndpoint.PATH + "/*"));
    }
    List<DzAuthFilter.ScopeRule> rules = scopeRules();

    DzAuthFilter.Settings settings =
        new DzAuthFilter.Settings(
            BearerAuthenticator.create(dz.verifier(), errors),
            errors,
            List.copyOf(excluded),
            rules,
            service,
            api);
    String description =
        "issuer="
            + issuer
            + ", keys="
            + keySet
            + ", store="
            + Stores.describe(storeSpec)
            + ", realm="
            + realm
            + ", api="
            + (api != null)
            + (dz.statusLists() != null ? ", status lists at " + listBase : "");
    return new Resources(settings, description, closeables);
  }

  /**
   * A verify-only filter ({@code verify-only-issuer}): keys from the issuer's JWK Set, statuses
   * from its Token Status Lists, no store and no token API.
   */
  private Resources buildVerifyOnly(Deque<AutoCloseable> closeables, String url)
      throws ServletException {
    for (String name : NOT_VERIFY_ONLY) {
      if (optional(name) != null) {
        throw new ServletException(
            "dz-auth init-param '"
                + name
                + "' does not apply with verify-only-issuer (a verify-only filter has no keys of"
                + " its own, no store and no token API)");
      }
    }
    String issuer = optional("issuer");
    String jwksUri = optional("verify-only-jwks-uri");
    Duration minTtl = duration("verify-only-min-ttl");
    Duration maxTtl = duration("verify-only-max-ttl");
    Duration maxStaleness = duration("verify-only-max-staleness");
    Duration requestTimeout = duration("verify-only-request-timeout");
    boolean plainHttp = bool("verify-only-allow-plain-http", false);
    @Nullable Set<SignatureAlgorithm> algorithms = algorithms();
    Long verifiedSize = longValue("verified-cache-size");
    Duration verifiedMaxAge = duration("verified-cache-max-age");
    Duration clockSkew = duration("clock-skew");
    VerifyOnly vo;
    try {
      VerifyOnly.Builder b = VerifyOnly.builder(url);
      if (issuer != null) {
        b.issuer(issuer);
      }
      vo =
          b.client(
                  c -> {
                    set(jwksUri, c::jwksUri);
                    set(minTtl, c::minTtl);
                    set(maxTtl, c::maxTtl);
                    set(maxStaleness, c::maxStaleness);
                    set(requestTimeout, c::requestTimeout);
                    c.allowPlainHttp(plainHttp);
                  })
              .verifier(
                  v -> {
                    set(algorithms, v::allowedAlgorithms);
                    set(verifiedSize, v::verifiedCacheSize);
                    set(verifiedMaxAge, v::verifiedCacheMaxAge);
                    set(clockSkew, v::clockSkew);
                  })
              .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String option = e.getMessage() == null ? "" : e.getMessage().split("[ (]", 2)[0];
      String param = VERIFY_ONLY_PARAM_OF_OPTION.get(option);
      throw new ServletException(
          "dz-auth init-param '"
              + (param == null ? "verify-only-issuer" : param)
              + "': "
              + e.getMessage(),
          e);
    }
    closeables.push(vo);
    String realm = optional("realm") == null ? HttpErrors.defaults().realm() : optional("realm");
    Duration retryAfter = duration("retry-after");
    HttpErrors errors =
        build(
            "realm",
            () ->
                HttpErrors.create(
                    realm, retryAfter == null ? HttpErrors.DEFAULT_RETRY_AFTER : retryAfter));
    DzAuthFilter.Settings settings =
        new DzAuthFilter.Settings(
            BearerAuthenticator.create(vo.verifier(), errors),
            errors,
            List.copyOf(excludedPaths()),
            scopeRules(),
            null,
            null);
    String description =
        "verify-only, issuer="
            + vo.verifier().issuer()
            + ", keys and status lists from "
            + vo.client().issuer()
            + ", realm="
            + realm;
    return new Resources(settings, description, closeables);
  }

  /** The JWK Set, the OpenAPI document and the {@code excluded-paths}. */
  private List<PathPattern> excludedPaths() throws ServletException {
    List<PathPattern> excluded = new ArrayList<>();
    excluded.add(new PathPattern(TokenApi.JWKS_PATH));
    excluded.add(new PathPattern(TokenApi.OPENAPI_PATH));
    String ex = optional("excluded-paths");
    if (ex != null) {
      for (String pattern : ex.split("[,\\s]+")) {
        if (!pattern.isEmpty()) {
          excluded.add(build("excluded-paths", () -> new PathPattern(pattern)));
        }
      }
    }
    return excluded;
  }

  private static <T> void set(@Nullable T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private List<DzAuthFilter.ScopeRule> scopeRules() throws ServletException {
    String raw = optional("required-scopes");
    List<DzAuthFilter.ScopeRule> rules = new ArrayList<>();
    if (raw == null) {
      return rules;
    }
    for (String rule : raw.split("[;\\n]")) {
      String r = rule.strip();
      if (r.isEmpty()) {
        continue;
      }
      int eq = r.indexOf('=');
      if (eq <= 0) {
        throw new ServletException(
            "dz-auth init-param 'required-scopes': '"
                + r
                + "' is not pattern=scope [scope…] (rules separated by ';')");
      }
      Set<String> scopes = new LinkedHashSet<>();
      for (String s : r.substring(eq + 1).strip().split("[\\s,]+")) {
        if (!s.isEmpty()) {
          scopes.add(s);
        }
      }
      if (scopes.isEmpty()) {
        throw new ServletException(
            "dz-auth init-param 'required-scopes': rule '" + r + "' names no scope");
      }
      PathPattern pattern =
          build("required-scopes", () -> new PathPattern(r.substring(0, eq).strip()));
      rules.add(new DzAuthFilter.ScopeRule(pattern, Collections.unmodifiableSet(scopes)));
    }
    return List.copyOf(rules);
  }

  private KeySet keySet(String source, @Nullable String activeKid) throws ServletException {
    String text;
    try {
      text = read(source);
    } catch (IOException e) {
      throw new ServletException(
          "dz-auth init-param 'key-set': cannot read '" + source + "': " + e.getMessage(), e);
    }
    try {
      return KeySet.parse(text, activeKid);
    } catch (RuntimeException e) {
      throw new ServletException(
          "dz-auth init-param 'key-set' ('" + source + "'): " + e.getMessage(), e);
    }
  }

  /**
   * A file path, {@code classpath:name}, or a web application resource such as {@code
   * /WEB-INF/keys.json}.
   */
  private String read(String source) throws IOException {
    if (source.startsWith("classpath:")) {
      String name = source.substring("classpath:".length()).replaceFirst("^/", "");
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      try (InputStream in = cl == null ? null : cl.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no such class path resource");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    if (source.startsWith("/WEB-INF/") || source.startsWith("/META-INF/")) {
      ServletContext context = config.getServletContext();
      try (InputStream in = context.getResourceAsStream(source)) {
        if (in == null) {
          throw new IOException("no such web application resource");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return Files.readString(Path.of(source), StandardCharsets.UTF_8);
  }

  private @Nullable Set<SignatureAlgorithm> algorithms() throws ServletException {
    String raw = optional("algorithms");
    if (raw == null) {
      return null;
    }
    Set<SignatureAlgorithm> set = EnumSet.noneOf(SignatureAlgorithm.class);
    for (String name : raw.split("[,\\s]+")) {
      if (name.isEmpty()) {
        continue;
      }
      SignatureAlgorithm found = null;
      for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
        if (a.jwsName().equalsIgnoreCase(name)) {
          found = a;
        }
      }
      if (found == null) {
        throw new ServletException(
            "dz-auth init-param 'algorithms': '"
                + name
                + "' is not one of HS256, ES256, EdDSA, RS256");
      }
      set.add(found);
    }
    return set;
  }

  private String required(String name) throws ServletException {
    String v = optional(name);
    if (v == null) {
      throw new ServletException("dz-auth init-param '" + name + "' is required");
    }
    return v;
  }

  private @Nullable String optional(String name) {
    String v = config.getInitParameter(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    return v.strip();
  }

  private boolean bool(String name, boolean absent) throws ServletException {
    String v = optional(name);
    if (v == null) {
      return absent;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new ServletException(
              "dz-auth init-param '" + name + "': '" + v + "' is not true or false");
    };
  }

  /** A core builder's refusal of the value of init-param {@code param}. */
  private static final class ParamFailure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    final String param;

    ParamFailure(String param, IllegalArgumentException cause) {
      super(param + ": " + cause.getMessage(), cause);
      this.param = param;
    }

    @Override
    public synchronized IllegalArgumentException getCause() {
      return (IllegalArgumentException) Objects.requireNonNull(super.getCause());
    }
  }

  private static <T> void setAs(String param, @Nullable T value, Consumer<T> setter) {
    if (value != null) {
      try {
        setter.accept(value);
      } catch (IllegalArgumentException e) {
        throw new ParamFailure(param, e);
      }
    }
  }

  /**
   * The durations of init-param {@code name}, comma- or space-separated ({@link #duration} each),
   * {@code none} for an empty list, or {@code null} when it is not set.
   */
  private @Nullable List<Duration> durations(String name) throws ServletException {
    String v = optional(name);
    if (v == null) {
      return null;
    }
    List<Duration> out = new ArrayList<>();
    if (v.equalsIgnoreCase("none")) {
      return out;
    }
    for (String part : v.split("[,\\s]+")) {
      if (!part.isEmpty()) {
        out.add(parseDuration(name, part));
      }
    }
    return out;
  }

  /** The whole number of init-param {@code name}, or {@code null} when it is not set. */
  private @Nullable Long longValue(String name) throws ServletException {
    String v = optional(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new ServletException(
          "dz-auth init-param '" + name + "': '" + v + "' is not a whole number");
    }
  }

  /**
   * The duration of init-param {@code name}, or {@code null} when it is not set: {@code 500ms},
   * {@code 5s}, {@code 10m}, {@code 1h}, {@code 1d}, or ISO-8601 ({@code PT5S}).
   */
  @Nullable Duration duration(String name) throws ServletException {
    String v = optional(name);
    return v == null ? null : parseDuration(name, v);
  }

  private static Duration parseDuration(String name, String v) throws ServletException {
    Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new ServletException(
          "dz-auth init-param '"
              + name
              + "': '"
              + v
              + "' is not a duration (e.g. 500ms, 5s, 10m, 1h, PT5S)");
    }
  }

  private interface Maker<T> {
    T make() throws ServletException;
  }

  private static int saturatedInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  private static <T> T build(String name, Maker<T> maker) throws ServletException {
    try {
      return maker.make();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ServletException("dz-auth init-param '" + name + "': " + e.getMessage(), e);
    }
  }
}
