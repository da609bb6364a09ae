package dev.dzauth.servlet;

import dev.dzauth.http.BearerAuthenticator;
import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.TokenApi;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.Doorbell;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.PostgresDoorbell;
import dev.dzauth.store.redis.RedisDoorbell;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

  static final Set<String> KNOWN = Set.of(
      "issuer", "key-set", "active-kid", "algorithms", "store", "jdbc-user", "jdbc-password",
      "jdbc-create-schema", "status-cache-size", "status-refresh-after", "status-max-staleness",
      "status-store-timeout", "verified-cache-size", "verified-cache-max-age", "clock-skew",
      "last-used-flush-interval", "excluded-paths", "required-scopes", "realm", "retry-after",
      "max-body-bytes", "status-poll-interval", "status-max-lag", "status-doorbell");

  /**
   * The {@code status-doorbell} init-param: {@code auto} (default: PostgreSQL {@code LISTEN} when
   * the store is on PostgreSQL, none otherwise), {@code none}, or a {@code redis://} /
   * {@code rediss://} URI (Redis pub/sub, for MariaDB and MySQL; needs Jedis on the class path).
   */
  private @Nullable Doorbell doorbell(TokenStore store) throws ServletException {
    String mode = optional("status-doorbell") == null ? "auto" : optional("status-doorbell");
    if (mode.startsWith("redis://") || mode.startsWith("rediss://")) {
      return build("status-doorbell", () -> RedisDoorbell.builder(java.net.URI.create(mode)).build());
    }
    return switch (mode) {
      case "none" -> null;
      case "auto" -> PostgresDoorbell.auto(store);
      default -> throw new ServletException(
          "dz-auth init-param 'status-doorbell': '" + mode + "' is not auto, none or a redis:// URI");
    };
  }

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final FilterConfig config;

  private InitParams(FilterConfig config) {
    this.config = config;
  }

  /** What a filter configured from init-params owns, closed by {@link DzAuthFilter#destroy()}. */
  record Resources(DzAuthFilter.Settings settings, String description, Deque<AutoCloseable> closeables) {
    void close() {
      closeAll(closeables);
    }

    @Override
    public String toString() {
      return description;
    }
  }

  static void closeAll(Deque<AutoCloseable> closeables) {
    {
      while (!closeables.isEmpty()) {
        AutoCloseable c = closeables.pop();
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("dz-auth: closing {} failed", c.getClass().getSimpleName(), e);
        }
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

  private Resources build(Deque<AutoCloseable> closeables) throws ServletException {
    String issuer = required("issuer");
    String keySource = required("key-set");
    KeySet keySet = keySet(keySource, optional("active-kid"));
    KeySetHolder ring = KeySetHolder.of(keySet);

    String storeSpec = optional("store") == null ? "memory" : optional("store");
    TokenStore store = Stores.open(storeSpec, optional("jdbc-user"), optional("jdbc-password"),
        bool("jdbc-create-schema", true), closeables);

    StatusCache.Builder sc = StatusCache.builder(store);
    apply("status-cache-size", () -> sc.maximumSize(longValue("status-cache-size", 100_000)));
    apply("status-refresh-after", () -> sc.refreshAfter(duration("status-refresh-after", Duration.ofSeconds(5))));
    apply("status-max-staleness", () -> sc.maxStaleness(duration("status-max-staleness", Duration.ofSeconds(30))));
    apply("status-store-timeout", () -> sc.storeTimeout(duration("status-store-timeout", Duration.ofSeconds(2))));
    StatusCache statuses = build("status-max-staleness", sc::build);
    closeables.push(statuses);
    if (!(store instanceof InMemoryTokenStore)) {
      // A shared database: follow the status feed so other instances' changes arrive here.
      StatusFeedPoller.Builder pb = StatusFeedPoller.builder(store, statuses);
      apply("status-poll-interval", () -> pb.pollInterval(duration("status-poll-interval", Duration.ofSeconds(1))));
      if (optional("status-max-lag") != null) {
        apply("status-max-lag", () -> pb.maxLag(duration("status-max-lag", Duration.ofSeconds(3))));
      }
      pb.doorbell(doorbell(store));
      closeables.push(build("status-max-lag", pb::build).start());
    }

    TokenVerifier.Builder vb = TokenVerifier.builder(issuer, ring, statuses);
    apply("algorithms", () -> {
      Set<SignatureAlgorithm> algorithms = algorithms();
      if (algorithms != null) {
        vb.allowedAlgorithms(algorithms);
      }
    });
    apply("verified-cache-size", () -> vb.verifiedCacheSize(longValue("verified-cache-size", 10_000)));
    apply("verified-cache-max-age", () -> vb.verifiedCacheMaxAge(duration("verified-cache-max-age", Duration.ofHours(1))));
    apply("clock-skew", () -> vb.clockSkew(duration("clock-skew", Duration.ofSeconds(30))));
    TokenVerifier verifier = vb.build();

    String realm = optional("realm") == null ? "dz-auth" : optional("realm");
    Duration retryAfter = duration("retry-after", Duration.ofSeconds(5));
    HttpErrors errors = build("realm", () -> HttpErrors.create(realm, retryAfter));

    TokenService service = null;
    TokenApi api = null;
    if (keySet.activeKey().isPresent()) {
      TokenMinter minter = TokenMinter.builder(issuer, ring).build();
      TokenService.Builder tb = TokenService.builder(minter, store, statuses);
      apply("last-used-flush-interval",
          () -> tb.lastUsedFlushInterval(duration("last-used-flush-interval", Duration.ofSeconds(5))));
      service = tb.build();
      closeables.push(service);
      int maxBody = (int) longValue("max-body-bytes", TokenApi.DEFAULT_MAX_BODY_BYTES);
      TokenService s = service;
      api = build("max-body-bytes", () -> TokenApi.create(s, ring, errors, maxBody));
    }

    List<PathPattern> excluded = new ArrayList<>();
    excluded.add(new PathPattern(TokenApi.JWKS_PATH));
    String ex = optional("excluded-paths");
    if (ex != null) {
      for (String pattern : ex.split("[,\\s]+")) {
        if (!pattern.isEmpty()) {
          excluded.add(build("excluded-paths", () -> new PathPattern(pattern)));
        }
      }
    }
    List<DzAuthFilter.ScopeRule> rules = scopeRules();

    DzAuthFilter.Settings settings = new DzAuthFilter.Settings(
        BearerAuthenticator.create(verifier, errors), errors, List.copyOf(excluded), rules, service, api);
    String description = "issuer=" + issuer + ", keys=" + keySet + ", store=" + Stores.describe(storeSpec)
        + ", realm=" + realm + ", api=" + (api != null);
    return new Resources(settings, description, closeables);
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
        throw new ServletException("dz-auth init-param 'required-scopes': '" + r
            + "' is not pattern=scope [scope…] (rules separated by ';')");
      }
      Set<String> scopes = new LinkedHashSet<>();
      for (String s : r.substring(eq + 1).strip().split("[\\s,]+")) {
        if (!s.isEmpty()) {
          scopes.add(s);
        }
      }
      if (scopes.isEmpty()) {
        throw new ServletException("dz-auth init-param 'required-scopes': rule '" + r + "' names no scope");
      }
      PathPattern pattern = build("required-scopes", () -> new PathPattern(r.substring(0, eq).strip()));
      rules.add(new DzAuthFilter.ScopeRule(pattern, Collections.unmodifiableSet(scopes)));
    }
    return List.copyOf(rules);
  }

  private KeySet keySet(String source, @Nullable String activeKid) throws ServletException {
    String text;
    try {
      text = read(source);
    } catch (IOException e) {
      throw new ServletException("dz-auth init-param 'key-set': cannot read '" + source + "': " + e.getMessage(), e);
    }
    try {
      if (text.stripLeading().startsWith("{")) {
        return KeySet.parseJwkSet(text, activeKid);
      }
      TokenKey key = TokenKey.fromPem(activeKid, text);
      return key.canSign() ? KeySet.of(key) : KeySet.verificationOnly(key);
    } catch (RuntimeException e) {
      throw new ServletException("dz-auth init-param 'key-set' ('" + source + "'): " + e.getMessage(), e);
    }
  }

  /** A file path, {@code classpath:name}, or a web application resource such as {@code /WEB-INF/keys.json}. */
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

  private @Nullable Set<SignatureAlgorithm> algorithms() {
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
        throw new IllegalArgumentException("'" + name + "' is not one of HS256, ES256, EdDSA, RS256");
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
      default -> throw new ServletException("dz-auth init-param '" + name + "': '" + v + "' is not true or false");
    };
  }

  private long longValue(String name, long absent) {
    String v = optional(name);
    if (v == null) {
      return absent;
    }
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a whole number");
    }
  }

  /** {@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h}, {@code 1d}, or ISO-8601 ({@code PT5S}). */
  Duration duration(String name, Duration absent) throws ServletException {
    String v = optional(name);
    if (v == null) {
      return absent;
    }
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
      throw new ServletException("dz-auth init-param '" + name + "': '" + v
          + "' is not a duration (e.g. 500ms, 5s, 10m, 1h, PT5S)");
    }
  }

  private interface Step {
    void run() throws ServletException;
  }

  private interface Maker<T> {
    T make() throws ServletException;
  }

  private static void apply(String name, Step step) throws ServletException {
    build(name, () -> {
      step.run();
      return Boolean.TRUE;
    });
  }

  private static <T> T build(String name, Maker<T> maker) throws ServletException {
    try {
      return maker.make();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ServletException("dz-auth init-param '" + name + "': " + e.getMessage(), e);
    }
  }
}
