package dev.dzauth.spring.boot;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.BootstrapToken;
import dev.dzauth.token.SignatureAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of dz_ token authentication, under dz.auth. Every value is checked at start-up; a
 * bad one fails the application with the property's name.
 *
 * <p>Spring Boot binds this class (JavaBean setters); it is not meant to be shared between threads
 * while it is being bound.
 */
@ConfigurationProperties(prefix = "dz.auth")
public class DzAuthProperties implements Validator {

  /** Issuer of the tokens (iss): tokens of any other issuer are refused. Required. */
  private @Nullable String issuer;

  /** Realm named in WWW-Authenticate challenges. */
  private String realm = HttpErrors.DEFAULT_REALM;

  /** Scopes every authenticated request must carry (default chain only); empty for none. */
  private Set<String> requiredScopes = new LinkedHashSet<>();

  /** Path patterns the default security filter chain lets through without a token. */
  private List<String> publicPaths =
      new ArrayList<>(
          List.of(
              "/.well-known/jwks.json",
              "/openapi.json",
              "/actuator/health",
              "/actuator/health/**",
              "/error"));

  /** How far exp, nbf and iat may be off; 0 to 5 minutes. Unset: the verifier's default. */
  private @Nullable Duration clockSkew;

  /**
   * How often last uses of tokens are written to the store, in one batch. Unset: the service's
   * default.
   */
  private @Nullable Duration lastUsedFlushInterval;

  private final Keys keys = new Keys();
  private final Cache cache = new Cache();
  private final Policy policy = new Policy();
  private final Lifecycle lifecycle = new Lifecycle();
  private final Events events = new Events();
  private final Api api = new Api();

  private final Http http = new Http();
  private final Store store = new Store();
  private final Bootstrap bootstrap = new Bootstrap();
  private final StatusLists statusLists = new StatusLists();
  private final VerifyOnly verifyOnly = new VerifyOnly();

  public @Nullable String getIssuer() {
    return issuer;
  }

  public void setIssuer(@Nullable String issuer) {
    this.issuer = issuer;
  }

  public String getRealm() {
    return realm;
  }

  public void setRealm(String realm) {
    this.realm = realm;
  }

  public Set<String> getRequiredScopes() {
    return requiredScopes;
  }

  public void setRequiredScopes(Set<String> requiredScopes) {
    this.requiredScopes = requiredScopes;
  }

  public List<String> getPublicPaths() {
    return publicPaths;
  }

  public void setPublicPaths(List<String> publicPaths) {
    this.publicPaths = publicPaths;
  }

  public @Nullable Duration getClockSkew() {
    return clockSkew;
  }

  public void setClockSkew(@Nullable Duration clockSkew) {
    this.clockSkew = clockSkew;
  }

  public @Nullable Duration getLastUsedFlushInterval() {
    return lastUsedFlushInterval;
  }

  public void setLastUsedFlushInterval(@Nullable Duration lastUsedFlushInterval) {
    this.lastUsedFlushInterval = lastUsedFlushInterval;
  }

  public Keys getKeys() {
    return keys;
  }

  public Cache getCache() {
    return cache;
  }

  public Policy getPolicy() {
    return policy;
  }

  public Lifecycle getLifecycle() {
    return lifecycle;
  }

  public Events getEvents() {
    return events;
  }

  public Api getApi() {
    return api;
  }

  public Http getHttp() {
    return http;
  }

  public Store getStore() {
    return store;
  }

  public Bootstrap getBootstrap() {
    return bootstrap;
  }

  public StatusLists getStatusLists() {
    return statusLists;
  }

  public VerifyOnly getVerifyOnly() {
    return verifyOnly;
  }

  /** Whether {@code dz.auth.verify-only.issuer} is set: a service with no store nor keys. */
  boolean isVerifyOnly() {
    return verifyOnly.issuer != null && !verifyOnly.issuer.isBlank();
  }

  /**
   * The issuer's Token Status Lists: with a base URI, every new token carries a status claim and
   * the lists are served at /statuslists/{n}. Needs an ES256, EdDSA or RS256 signing key.
   */
  public static class StatusLists {

    /**
     * The public URL at which this application's /statuslists is reached (for example
     * https://auth.example.com/statuslists); set, it turns status lists on.
     */
    private @Nullable String baseUri;

    /** Entries of a new list. Unset: the index's default (100000). */
    private @Nullable Integer size;

    /** The lists' ttl (and Cache-Control max-age). Unset: the publisher's default (60 s). */
    private @Nullable Duration ttl;

    /** exp - iat of a served list, at least twice the ttl. Unset: the publisher's default. */
    private @Nullable Duration validity;

    public @Nullable String getBaseUri() {
      return baseUri;
    }

    public void setBaseUri(@Nullable String baseUri) {
      this.baseUri = baseUri;
    }

    public @Nullable Integer getSize() {
      return size;
    }

    public void setSize(@Nullable Integer size) {
      this.size = size;
    }

    public @Nullable Duration getTtl() {
      return ttl;
    }

    public void setTtl(@Nullable Duration ttl) {
      this.ttl = ttl;
    }

    public @Nullable Duration getValidity() {
      return validity;
    }

    public void setValidity(@Nullable Duration validity) {
      this.validity = validity;
    }
  }

  /**
   * A service that only verifies: with an issuer URL, no store and no keys of its own; the keys are
   * the issuer's JWK Set and the statuses its Token Status Lists. The token API is not served.
   */
  public static class VerifyOnly {

    /** The issuer's base URL; set, it makes this service verify-only. */
    private @Nullable String issuer;

    /** Where the issuer's JWK Set is. Unset: {issuer}/.well-known/jwks.json. */
    private @Nullable String jwksUri;

    /** A list's ttl below this counts as this. Unset: the client's default (10 s). */
    private @Nullable Duration minTtl;

    /** A list's ttl above this (or none) counts as this. Unset: the client's default (5 min). */
    private @Nullable Duration maxTtl;

    /**
     * How long past its ttl a held list answers while the issuer cannot be reached (never past its
     * exp). Unset: the client's default (5 min).
     */
    private @Nullable Duration maxStaleness;

    /** The most one fetch may take. Unset: the client's default (10 s). */
    private @Nullable Duration requestTimeout;

    /** Whether an http issuer other than loopback is accepted (a trusted network only). */
    private boolean allowPlainHttp = false;

    public @Nullable String getIssuer() {
      return issuer;
    }

    public void setIssuer(@Nullable String issuer) {
      this.issuer = issuer;
    }

    public @Nullable String getJwksUri() {
      return jwksUri;
    }

    public void setJwksUri(@Nullable String jwksUri) {
      this.jwksUri = jwksUri;
    }

    public @Nullable Duration getMinTtl() {
      return minTtl;
    }

    public void setMinTtl(@Nullable Duration minTtl) {
      this.minTtl = minTtl;
    }

    public @Nullable Duration getMaxTtl() {
      return maxTtl;
    }

    public void setMaxTtl(@Nullable Duration maxTtl) {
      this.maxTtl = maxTtl;
    }

    public @Nullable Duration getMaxStaleness() {
      return maxStaleness;
    }

    public void setMaxStaleness(@Nullable Duration maxStaleness) {
      this.maxStaleness = maxStaleness;
    }

    public @Nullable Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(@Nullable Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public boolean isAllowPlainHttp() {
      return allowPlainHttp;
    }

    public void setAllowPlainHttp(boolean allowPlainHttp) {
      this.allowPlainHttp = allowPlainHttp;
    }
  }

  /**
   * The first token, created at first start when its subject has no token in its business: once
   * across restarts and instances, written to a new file readable by its owner only, never logged.
   * Set subject, business and token-file (all three) to turn it on.
   */
  public static class Bootstrap {

    /** Subject (user) of the bootstrap token. */
    private @Nullable String subject;

    /** Business id of the bootstrap token. */
    private @Nullable String business;

    /** Name of the bootstrap token. */
    private String name = BootstrapToken.DEFAULT_NAME;

    /** Scopes of the bootstrap token. */
    private Set<String> scopes = new LinkedHashSet<>(BootstrapToken.DEFAULT_SCOPES);

    /** File the token is written to (created 0600; an existing file is never overwritten). */
    private java.nio.file.@Nullable Path tokenFile;

    public @Nullable String getSubject() {
      return subject;
    }

    public void setSubject(@Nullable String subject) {
      this.subject = subject;
    }

    public @Nullable String getBusiness() {
      return business;
    }

    public void setBusiness(@Nullable String business) {
      this.business = business;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Set<String> getScopes() {
      return scopes;
    }

    public void setScopes(Set<String> scopes) {
      this.scopes = scopes;
    }

    public java.nio.file.@Nullable Path getTokenFile() {
      return tokenFile;
    }

    public void setTokenFile(java.nio.file.@Nullable Path tokenFile) {
      this.tokenFile = tokenFile;
    }

    /** Whether any of the three switches is set. */
    boolean requested() {
      return subject != null || business != null || tokenFile != null;
    }
  }

  /** The JDBC token store, used when the application has a DataSource. */
  /** What wakes the status feed poller. */
  public enum DoorbellMode {
    /** PostgreSQL LISTEN/NOTIFY when the store is on PostgreSQL; none otherwise. */
    AUTO,
    /** None: changes from other instances arrive within the poll interval. */
    NONE,
    /** Redis pub/sub on {@code dz.auth.store.doorbell-redis-url} (MariaDB, MySQL; needs Jedis). */
    REDIS
  }

  public static class Store {

    /** Prefix of the store's table and index names. Unset: the JDBC store's default. */
    private @Nullable String tablePrefix;

    /** Whether missing tables and indexes are created at start-up (idempotent). */
    private boolean createSchema = true;

    /** Timeout of every statement of the store. Unset: the JDBC store's default. */
    private @Nullable Duration queryTimeout;

    /**
     * How often the status-change feed is read, so revocations on other instances apply here.
     * Unset: the poller's default.
     */
    private @Nullable Duration feedPollInterval;

    /**
     * How long after the last successful feed poll cached statuses are still vouched for by the
     * feed; past it they fall back to bounded staleness (and health shows "fallback"). Unset: the
     * poller's default (the poll interval plus 2 s).
     */
    private @Nullable Duration feedMaxLag;

    /**
     * What wakes the feed poller when a change commits: {@code auto} (PostgreSQL LISTEN/NOTIFY on a
     * PostgreSQL store, none otherwise) or {@code none} (the poll interval is the bound).
     */
    private DoorbellMode doorbell = DoorbellMode.AUTO;

    /**
     * The Redis server of the {@code redis} doorbell: {@code
     * redis://[[user]:password@]host[:port]}.
     */
    private java.net.@Nullable URI doorbellRedisUrl;

    public @Nullable String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(@Nullable String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    public boolean isCreateSchema() {
      return createSchema;
    }

    public void setCreateSchema(boolean createSchema) {
      this.createSchema = createSchema;
    }

    public @Nullable Duration getQueryTimeout() {
      return queryTimeout;
    }

    public void setQueryTimeout(@Nullable Duration queryTimeout) {
      this.queryTimeout = queryTimeout;
    }

    public @Nullable Duration getFeedPollInterval() {
      return feedPollInterval;
    }

    public void setFeedPollInterval(@Nullable Duration feedPollInterval) {
      this.feedPollInterval = feedPollInterval;
    }

    public java.net.@Nullable URI getDoorbellRedisUrl() {
      return doorbellRedisUrl;
    }

    public void setDoorbellRedisUrl(java.net.@Nullable URI doorbellRedisUrl) {
      this.doorbellRedisUrl = doorbellRedisUrl;
    }

    public DoorbellMode getDoorbell() {
      return doorbell;
    }

    public void setDoorbell(DoorbellMode doorbell) {
      this.doorbell = doorbell;
    }

    public @Nullable Duration getFeedMaxLag() {
      return feedMaxLag;
    }

    public void setFeedMaxLag(@Nullable Duration feedMaxLag) {
      this.feedMaxLag = feedMaxLag;
    }
  }

  /** Signing and verification keys. */
  public static class Keys {

    /**
     * Where the keys are: a JWK Set (.json/.jwks) or PEM file, as a classpath: or file: location.
     * Absent: an ephemeral ES256 key (development only: tokens stop verifying at restart).
     */
    private @Nullable Resource location;

    /** Kid of the active signing key (JWK Set), or the kid given to a PEM key. */
    private @Nullable String activeKid;

    /** Algorithms accepted in token headers; empty for the algorithms of the loaded keys. */
    private Set<SignatureAlgorithm> allowedAlgorithms = EnumSet.noneOf(SignatureAlgorithm.class);

    public @Nullable Resource getLocation() {
      return location;
    }

    public void setLocation(@Nullable Resource location) {
      this.location = location;
    }

    public @Nullable String getActiveKid() {
      return activeKid;
    }

    public void setActiveKid(@Nullable String activeKid) {
      this.activeKid = activeKid;
    }

    public Set<SignatureAlgorithm> getAllowedAlgorithms() {
      return allowedAlgorithms;
    }

    public void setAllowedAlgorithms(Set<SignatureAlgorithm> allowedAlgorithms) {
      this.allowedAlgorithms = allowedAlgorithms;
    }
  }

  /** The verified-token and status caches. */
  public static class Cache {
    private final Verified verified = new Verified();
    private final Status status = new Status();

    public Verified getVerified() {
      return verified;
    }

    public Status getStatus() {
      return status;
    }
  }

  /** The cache of tokens whose signature and claims verified. */
  public static class Verified {

    /** How many verified tokens are kept; 0 disables the cache. Unset: the verifier's default. */
    private @Nullable Long size;

    /**
     * The longest a verification is kept (never past the token's expiry). Unset: the verifier's
     * default.
     */
    private @Nullable Duration maxAge;

    public @Nullable Long getSize() {
      return size;
    }

    public void setSize(@Nullable Long size) {
      this.size = size;
    }

    public @Nullable Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(@Nullable Duration maxAge) {
      this.maxAge = maxAge;
    }
  }

  /** The cache of token statuses (revoked, suspended, …) in front of the store. */
  public static class Status {

    /** How many statuses are kept. Unset: the status cache's default. */
    private @Nullable Long size;

    /**
     * When the feed does not vouch for a status: how old it may be before it is read again from the
     * store. Unset: the status cache's default.
     */
    private @Nullable Duration refreshAfter;

    /**
     * How long a status may serve without a successful store call (bound on staleness); longer than
     * refresh-after. Unset: the status cache's default.
     */
    private @Nullable Duration maxStaleness;

    /**
     * How long a request waits for the store before answering 503. Unset: the status cache's
     * default.
     */
    private @Nullable Duration storeTimeout;

    public @Nullable Long getSize() {
      return size;
    }

    public void setSize(@Nullable Long size) {
      this.size = size;
    }

    public @Nullable Duration getRefreshAfter() {
      return refreshAfter;
    }

    public void setRefreshAfter(@Nullable Duration refreshAfter) {
      this.refreshAfter = refreshAfter;
    }

    public @Nullable Duration getMaxStaleness() {
      return maxStaleness;
    }

    public void setMaxStaleness(@Nullable Duration maxStaleness) {
      this.maxStaleness = maxStaleness;
    }

    public @Nullable Duration getStoreTimeout() {
      return storeTimeout;
    }

    public void setStoreTimeout(@Nullable Duration storeTimeout) {
      this.storeTimeout = storeTimeout;
    }
  }

  /** What token creation allows. */
  public static class Policy {

    /**
     * Whether tokens that never expire (expires_in_days: null) may be created. Unset: the default
     * policy's.
     */
    private @Nullable Boolean allowNeverExpiring;

    /** The longest lifetime of a new token, in days (1 to 365). Unset: the default policy's. */
    private @Nullable Integer maxDays;

    public @Nullable Boolean getAllowNeverExpiring() {
      return allowNeverExpiring;
    }

    public void setAllowNeverExpiring(@Nullable Boolean allowNeverExpiring) {
      this.allowNeverExpiring = allowNeverExpiring;
    }

    public @Nullable Integer getMaxDays() {
      return maxDays;
    }

    public void setMaxDays(@Nullable Integer maxDays) {
      this.maxDays = maxDays;
    }
  }

  /** The lifecycle of existing tokens: rolls. */
  public static class Lifecycle {

    /**
     * The longest grace period a roll may give the replaced token (grace_period_seconds above it is
     * a 422). Unset: the service's default.
     */
    private @Nullable Duration maxRollGracePeriod;

    public @Nullable Duration getMaxRollGracePeriod() {
      return maxRollGracePeriod;
    }

    public void setMaxRollGracePeriod(@Nullable Duration maxRollGracePeriod) {
      this.maxRollGracePeriod = maxRollGracePeriod;
    }
  }

  /**
   * The lifecycle events: kept in the store (readable per token), delivered to the application's
   * {@code TokenEventListener} bean if it has one, expiry warnings. Unset values: the outbox's
   * defaults.
   */
  public static class Events {

    /** How long events are kept; older ones are removed, delivered or not. */
    private @Nullable Duration retention;

    /**
     * Lead times of expiring_soon events (once per token and lead time); empty for none. Unset: the
     * outbox's default.
     */
    private @Nullable List<Duration> expiryWarnings;

    /**
     * How long one instance holds an event it delivers before another may retry it; longer than a
     * listener call.
     */
    private @Nullable Duration lease;

    /** How often due events are claimed for the listener. */
    private @Nullable Duration pollInterval;

    public @Nullable Duration getRetention() {
      return retention;
    }

    public void setRetention(@Nullable Duration retention) {
      this.retention = retention;
    }

    public @Nullable List<Duration> getExpiryWarnings() {
      return expiryWarnings;
    }

    public void setExpiryWarnings(@Nullable List<Duration> expiryWarnings) {
      this.expiryWarnings = expiryWarnings;
    }

    public @Nullable Duration getLease() {
      return lease;
    }

    public void setLease(@Nullable Duration lease) {
      this.lease = lease;
    }

    public @Nullable Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(@Nullable Duration pollInterval) {
      this.pollInterval = pollInterval;
    }
  }

  /** The token-management HTTP API. */
  public static class Api {

    /** Whether the token-management API (create, list, revoke, …) is served. */
    private boolean enabled = false;

    /** Path under which the API is served. */
    private String basePath = "/api/v1";

    /**
     * Leak reports ({@code POST <base-path>/tokens/leaks}) each calling token may send per minute
     * (1 to 10000; a token bucket, bursts up to this many); beyond it, 429. Unset: 10.
     */
    private @Nullable Integer leakReportsPerMinute;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getBasePath() {
      return basePath;
    }

    public void setBasePath(String basePath) {
      this.basePath = basePath;
    }

    public @Nullable Integer getLeakReportsPerMinute() {
      return leakReportsPerMinute;
    }

    public void setLeakReportsPerMinute(@Nullable Integer leakReportsPerMinute) {
      this.leakReportsPerMinute = leakReportsPerMinute;
    }
  }

  /** The HTTP answers shared by the security filter chain, the servlet filter and the API. */
  public static class Http {

    /** Retry-After of a 503 (the store cannot answer); at least 1 s, sent in whole seconds. */
    private Duration retryAfter = HttpErrors.DEFAULT_RETRY_AFTER;

    public Duration getRetryAfter() {
      return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
    }
  }

  @Override
  public boolean supports(Class<?> type) {
    return DzAuthProperties.class.isAssignableFrom(type);
  }

  /**
   * Checks what only this adapter knows: the issuer is required, the key file exists, the realm,
   * the base path, the doorbell's URL, the scopes. The limits of the core options (clock skew,
   * sizes, durations, policy, the JDBC store's prefix and timeout) are checked once, by the core
   * builders they are handed to, and reported with the property's name (see {@link
   * CoreProperties}).
   */
  @Override
  public void validate(Object target, Errors errors) {
    DzAuthProperties p = (DzAuthProperties) target;
    if ((p.issuer == null || p.issuer.isBlank()) && !p.isVerifyOnly()) {
      errors.rejectValue("issuer", "required", "dz.auth.issuer must be set (the tokens' iss)");
    }
    if (p.isVerifyOnly() && p.statusLists.baseUri != null) {
      errors.rejectValue(
          "statusLists.baseUri",
          "verifyOnly",
          "dz.auth.status-lists.base-uri does not apply with dz.auth.verify-only.issuer (a"
              + " verify-only service mints nothing)");
    }
    if (p.isVerifyOnly() && p.api.enabled) {
      errors.rejectValue(
          "api.enabled",
          "verifyOnly",
          "dz.auth.api.enabled does not apply with dz.auth.verify-only.issuer (no store: no token"
              + " API)");
    }
    try {
      HttpErrors.requireRealm(p.realm);
    } catch (IllegalArgumentException | NullPointerException e) {
      errors.rejectValue("realm", "invalid", "dz.auth.realm: " + e.getMessage());
    }
    try {
      HttpErrors.requireRetryAfter(p.http.retryAfter);
    } catch (IllegalArgumentException | NullPointerException e) {
      errors.rejectValue("http.retryAfter", "range", "dz.auth.http.retry-after: " + e.getMessage());
    }
    if (p.keys.activeKid != null && p.keys.activeKid.isBlank()) {
      errors.rejectValue("keys.activeKid", "blank", "dz.auth.keys.active-kid must not be blank");
    }
    if (p.keys.location != null && !p.keys.location.exists()) {
      errors.rejectValue(
          "keys.location",
          "missing",
          "dz.auth.keys.location does not exist: " + p.keys.location.getDescription());
    }
    String base = p.api.basePath;
    if (base == null || !base.startsWith("/") || (base.length() > 1 && base.endsWith("/"))) {
      errors.rejectValue(
          "api.basePath", "invalid", "dz.auth.api.base-path must start with / and not end with /");
    }
    if (p.api.leakReportsPerMinute != null) {
      try {
        TokenApi.requireLeakReportsPerMinute(p.api.leakReportsPerMinute);
      } catch (IllegalArgumentException e) {
        errors.rejectValue(
            "api.leakReportsPerMinute",
            "range",
            "dz.auth.api.leak-reports-per-minute: " + e.getMessage());
      }
    }
    // The JDBC store's own builder checks its options here, so that a bad value fails start-up even
    // while no DataSource (hence no JDBC store) is configured.
    String storeProblem = CoreProperties.jdbcStoreProblem(p.store);
    if (storeProblem != null) {
      errors.reject("store", storeProblem);
    }
    if (p.store.doorbell == DoorbellMode.REDIS && p.store.doorbellRedisUrl == null) {
      errors.rejectValue(
          "store.doorbellRedisUrl",
          "required",
          "dz.auth.store.doorbell-redis-url is required with dz.auth.store.doorbell=redis");
    }
    Bootstrap b = p.bootstrap;
    if (b.requested()) {
      if (b.subject == null || b.subject.isBlank()) {
        errors.rejectValue(
            "bootstrap.subject", "required", "dz.auth.bootstrap.subject is required to bootstrap");
      }
      if (b.business == null || b.business.isBlank()) {
        errors.rejectValue(
            "bootstrap.business",
            "required",
            "dz.auth.bootstrap.business is required to bootstrap");
      }
      if (b.tokenFile == null) {
        errors.rejectValue(
            "bootstrap.tokenFile",
            "required",
            "dz.auth.bootstrap.token-file is required to bootstrap");
      }
    }
    for (String scope : p.requiredScopes) {
      if (scope == null || scope.isBlank() || scope.contains(" ")) {
        errors.rejectValue(
            "requiredScopes", "invalid", "dz.auth.required-scopes holds a blank or spaced scope");
        break;
      }
    }
  }
}
