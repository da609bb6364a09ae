package dev.dzauth.statuslist;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.StatusList;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.RemoteIssuer;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.StatusListToken;
import dev.dzauth.token.TokenKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status of tokens from the IETF Token Status Lists (draft-ietf-oauth-status-list-20) their
 * issuer publishes: a verify-only status source that needs no database. Thread-safe.
 *
 * <p>{@link #status(String, int)} answers for the {@code uri} and {@code idx} of a token's {@code
 * status.status_list} claim. It fetches the Status List Token at {@code uri} (only on the issuer's
 * origin), verifies it with the issuer's JWK Set ({@link StatusListToken.Verifier}: {@code typ},
 * signature by {@code kid}, {@code sub} = {@code uri}, {@code iat}, {@code exp}), and caches the
 * list. While the cached list is fresh an answer is a volatile read and an array lookup: no lock,
 * no I/O, no allocation.
 *
 * <p><b>Freshness, and the bound on staleness.</b> A list fetched (answered 200, or 304 to a
 * conditional request) at time {@code t} is fresh until {@code t + ttl'}, where {@code ttl'} is the
 * list's {@code ttl} clamped to [{@link Builder#minTtl}, {@link Builder#maxTtl}] ({@code maxTtl}
 * when it has none), and never at or after its {@code exp}. The first call after that refetches it
 * (with {@code If-None-Match} when the server gave an {@code ETag}); concurrent callers share that
 * one fetch, and while it runs they are answered from the previous list. When refetching fails the
 * previous list keeps answering until {@code t + ttl' + maxStaleness} ({@link
 * Builder#maxStaleness}), never at or after its {@code exp}; past that, and when no list was ever
 * fetched, {@code status} throws {@link DzAuthException} with {@link Reason#STORE_UNAVAILABLE}
 * (answered 503). So an answer never comes from a list fetched more than {@code maxTtl +
 * maxStaleness} ago (10 minutes by default), nor from an expired one. After a failed fetch the list
 * is not fetched again for {@link Builder#retryInterval}.
 *
 * <p><b>Statuses.</b> 0 (VALID) is {@link TokenStatus#ACTIVE}, 1 (INVALID: revoked or deleted) is
 * {@link TokenStatus#REVOKED}, 2 (SUSPENDED) is {@link TokenStatus#SUSPENDED}; 3 (application
 * specific in the draft) and every other value are treated as invalid: {@link TokenStatus#REVOKED}.
 * An {@code idx} outside the list (or negative) is {@link TokenStatus#UNKNOWN}: the draft says such
 * a token must be rejected.
 *
 * <p><b>Keys.</b> The JWK Set ({@code <issuer>/.well-known/jwks.json} by default) is fetched with
 * the first list (or the first {@link #keys} call) and cached. A list signed by a {@code kid} it
 * lacks makes it refetch the set, at most once per {@link Builder#jwksRefreshInterval}; inside that
 * interval such a list is refused. A set older than {@link Builder#jwksMaxAge} is fetched again
 * with the next list (so a key the issuer retired leaves it); when that fails the set held stays. A
 * refetched set keeps the key objects of the keys that did not change.
 *
 * <p><b>A verify-only verifier's source.</b> It is a {@link RemoteIssuer}: {@code
 * TokenVerifier.verifyOnly(issuer, client)} takes its keys ({@link #keys}, {@link #heldKeys}) and
 * statuses ({@link #status}) from it, so the one JWK Set fetch serves both the lists and the
 * tokens.
 *
 * <p><b>Bounds.</b> One {@link HttpClient} (the JDK's); redirects are not followed by the default
 * client and an answer from off the issuer's origin is refused; every fetch (JWK Set and list
 * together) takes at most {@link Builder#requestTimeout}; a body is read up to {@link
 * Builder#maxResponseBytes} (256 KiB for the JWK Set), a list inflates to at most {@link
 * Builder#maxListBytes}; at most {@link Builder#maxLists} lists are held. A failure is logged once
 * per list until it answers again; neither tokens nor lists are ever logged.
 *
 * <p>Closing it stops the threads of the HTTP client it made and refuses further calls.
 */
public final class StatusListClient implements RemoteIssuer, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusListClient.class);

  /** The JWK Set is read up to this many bytes. */
  static final int MAX_JWKS_BYTES = 256 * 1024;

  private static final int MAX_ETAG_LENGTH = 256;
  private static final int MAX_URI_LENGTH = 2048;
  private static final TokenStatus[] BY_VALUE = new TokenStatus[256];

  static {
    Arrays.fill(BY_VALUE, TokenStatus.REVOKED);
    BY_VALUE[0] = TokenStatus.ACTIVE;
    BY_VALUE[1] = TokenStatus.REVOKED;
    BY_VALUE[2] = TokenStatus.SUSPENDED;
  }

  private final URI issuer;
  private final String scheme;
  private final String host;
  private final int port;
  private final URI jwksUri;
  private final HttpClient http;
  private final @Nullable ExecutorService ownExecutor;
  private final Clock clock;
  private final LongSupplier ticker;
  private final Duration requestTimeout;
  private final long requestTimeoutNanos;
  private final int maxResponseBytes;
  private final long minTtlNanos;
  private final long maxTtlNanos;
  private final long maxStalenessNanos;
  private final long retryIntervalNanos;
  private final long jwksRefreshIntervalNanos;
  private final long jwksMaxAgeNanos;
  private final int maxLists;
  private final StatusListToken.Verifier verifier;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  private final Object jwksLock = new Object();
  private volatile @Nullable KeySet jwks; // written under jwksLock
  private byte @Nullable [] jwksBody; // guarded by jwksLock
  private boolean jwksAttempted; // guarded by jwksLock
  private long lastJwksAttemptNanos; // guarded by jwksLock
  private long jwksFetchedNanos; // guarded by jwksLock

  private volatile boolean closed;

  private StatusListClient(Builder b, URI jwksUri) {
    this.issuer = b.issuer;
    this.scheme = b.issuer.getScheme().toLowerCase(Locale.ROOT);
    this.host = Objects.requireNonNull(b.issuer.getHost()).toLowerCase(Locale.ROOT);
    this.port = effectivePort(b.issuer);
    this.jwksUri = jwksUri;
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.requestTimeout = b.requestTimeout;
    this.requestTimeoutNanos = b.requestTimeout.toNanos();
    this.maxResponseBytes = b.maxResponseBytes;
    this.minTtlNanos = b.minTtl.toNanos();
    this.maxTtlNanos = b.maxTtl.toNanos();
    this.maxStalenessNanos = b.maxStaleness.toNanos();
    this.retryIntervalNanos = b.retryInterval.toNanos();
    this.jwksRefreshIntervalNanos = b.jwksRefreshInterval.toNanos();
    this.jwksMaxAgeNanos = b.jwksMaxAge.toNanos();
    this.maxLists = b.maxLists;
    this.verifier =
        StatusListToken.verifier()
            .allowedAlgorithms(b.allowedAlgorithms)
            .clock(b.clock)
            .clockSkew(b.clockSkew)
            .maxTokenLength(Math.max(1024, b.maxResponseBytes))
            .maxListBytes(b.maxListBytes)
            .build();
    HttpClient given = b.httpClient;
    if (given != null) {
      this.http = given;
      this.ownExecutor = null;
    } else {
      AtomicInteger n = new AtomicInteger();
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "dz-statuslist-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.ownExecutor = executor;
      this.http =
          HttpClient.newBuilder()
              .connectTimeout(b.connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(executor)
              .build();
    }
  }

  /**
   * A builder for a client of the lists of {@code issuer}, a base URL such as {@code
   * https://auth.example.com}.
   */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /**
   * The status of the token whose {@code status.status_list} claim is {@code {"uri": uri, "idx":
   * idx}}.
   *
   * @return the status ({@link TokenStatus#UNKNOWN} for an index outside the list)
   * @throws DzAuthException with {@link Reason#INVALID_CLAIMS} when {@code uri} is not a URL on the
   *     issuer's origin (nothing is fetched), with {@link Reason#STORE_UNAVAILABLE} when no list
   *     fresh enough (see the class description) can be had
   * @throws IllegalStateException when the client is closed
   */
  @Override
  public TokenStatus status(String uri, int idx) {
    Slot slot = slots.get(uri);
    if (slot != null) {
      Snapshot s = slot.snapshot;
      if (s != null && ticker.getAsLong() - s.freshUntil < 0) {
        return s.status(idx);
      }
    }
    return statusSlowly(uri, idx);
  }

  private TokenStatus statusSlowly(String uri, int idx) {
    if (closed) {
      throw new IllegalStateException("the status list client is closed");
    }
    Slot slot = slot(uri);
    if (idx < 0) {
      return TokenStatus.UNKNOWN;
    }
    return usable(slot).status(idx);
  }

  /** The issuer base URL. */
  public URI issuer() {
    return issuer;
  }

  /** The issuer's key set held now (its JWK Set as last fetched), or {@code null}: no I/O. */
  @Override
  public @Nullable KeySet heldKeys() {
    return jwks;
  }

  /**
   * The issuer's key set: the one held; or fetched now when none is held, or when {@code lacking}
   * is the one held (at most once per {@link Builder#jwksRefreshInterval}: inside it, the set held
   * is answered). One fetch at a time; a failed first fetch is not tried again for {@link
   * Builder#retryInterval}.
   *
   * @throws DzAuthException with {@link Reason#STORE_UNAVAILABLE} when the set must be fetched and
   *     cannot be
   * @throws IllegalStateException when the client is closed
   */
  @Override
  public KeySet keys(@Nullable KeySet lacking) {
    KeySet held = jwks;
    if (held != null && held != lacking) {
      return held;
    }
    if (closed) {
      throw new IllegalStateException("the status list client is closed");
    }
    long deadline = System.nanoTime() + requestTimeoutNanos;
    try {
      if (held == null) {
        return currentKeys(deadline);
      }
      KeySet refreshed = refreshedKeys(held, deadline);
      return refreshed == null ? held : refreshed;
    } catch (FetchFailure e) {
      throw DzAuthException.of(
          Reason.STORE_UNAVAILABLE,
          "the issuer's JWK Set " + jwksUri + " cannot be fetched: " + e.getMessage(),
          e);
    }
  }

  /** Where the issuer's JWK Set is fetched from. */
  public URI jwksUri() {
    return jwksUri;
  }

  /** A list's {@code ttl} below this counts as this ({@link Builder#minTtl}). */
  public Duration minTtl() {
    return Duration.ofNanos(minTtlNanos);
  }

  /** A list's {@code ttl} above this, or none, counts as this ({@link Builder#maxTtl}). */
  public Duration maxTtl() {
    return Duration.ofNanos(maxTtlNanos);
  }

  /** How long past its ttl a list answers while fetching fails ({@link Builder#maxStaleness}). */
  public Duration maxStaleness() {
    return Duration.ofNanos(maxStalenessNanos);
  }

  /** The most one fetch may take ({@link Builder#requestTimeout}). */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Stops the threads of the HTTP client this client made (if it made one); further calls fail. */
  @Override
  public void close() {
    closed = true;
    slots.clear();
    ExecutorService executor = ownExecutor;
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  // --- slots: one per list URI

  private Slot slot(String uri) {
    Slot existing = slots.get(uri);
    if (existing != null) {
      return existing;
    }
    URI target = onOrigin(uri);
    if (slots.size() >= maxLists) {
      long now = ticker.getAsLong();
      slots.values().removeIf(s -> s.isDead(now));
      if (slots.size() >= maxLists) {
        throw DzAuthException.of(
            Reason.STORE_UNAVAILABLE,
            "status list " + uri + " not fetched: " + maxLists + " lists are held already");
      }
    }
    return slots.computeIfAbsent(uri, u -> new Slot(u, target));
  }

  private URI onOrigin(String uri) {
    URI u = null;
    if (uri.length() <= MAX_URI_LENGTH) {
      try {
        u = new URI(uri);
      } catch (URISyntaxException e) {
        u = null;
      }
    }
    if (u == null || !isOnOrigin(u) || u.getRawFragment() != null) {
      throw DzAuthException.of(
          Reason.INVALID_CLAIMS,
          "status list uri is not a URL on the issuer's origin " + scheme + "://" + host);
    }
    return u;
  }

  private boolean isOnOrigin(URI u) {
    return u.isAbsolute()
        && !u.isOpaque()
        && u.getRawUserInfo() == null
        && u.getHost() != null
        && scheme.equalsIgnoreCase(u.getScheme())
        && host.equalsIgnoreCase(u.getHost())
        && port == effectivePort(u);
  }

  private static int effectivePort(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** A list that may answer now: fresh, fetched now, or (while fetching fails) within the bound. */
  private Snapshot usable(Slot slot) {
    CompletableFuture<Snapshot> leader = null;
    CompletableFuture<Snapshot> pending;
    Snapshot s;
    long now;
    @Nullable String lastFailure;
    synchronized (slot) {
      now = ticker.getAsLong();
      s = slot.snapshot;
      if (s != null && now - s.freshUntil < 0) {
        return s;
      }
      pending = slot.inFlight;
      lastFailure = slot.lastFailure;
      if (pending == null && (lastFailure == null || now - slot.retryAt >= 0)) {
        leader = new CompletableFuture<>();
        pending = leader;
        slot.inFlight = leader;
      }
    }
    if (leader != null) {
      return lead(slot, s, leader);
    }
    if (s != null && s.isServable(now)) {
      return s; // a refetch is under way, or the last one failed: the previous list, within bound
    }
    if (pending != null) {
      return await(slot, pending);
    }
    throw unavailable(slot.uri, lastFailure == null ? "fetching failed" : lastFailure, null);
  }

  private Snapshot lead(
      Slot slot, @Nullable Snapshot previous, CompletableFuture<Snapshot> leader) {
    Snapshot fresh;
    try {
      fresh = fetch(slot, previous);
    } catch (RuntimeException e) {
      String why = describe(e);
      boolean first;
      synchronized (slot) {
        slot.inFlight = null;
        first = slot.lastFailure == null;
        slot.lastFailure = why;
        slot.retryAt = ticker.getAsLong() + retryIntervalNanos;
      }
      if (first) {
        LOG.warn(
            "status list {} cannot be fetched: {} (not logging further failures until it answers;"
                + " a cached list answers for at most {} past its ttl, never past its exp)",
            slot.uri,
            why,
            Duration.ofNanos(maxStalenessNanos));
      }
      DzAuthException failure = unavailable(slot.uri, why, e);
      leader.completeExceptionally(failure);
      if (previous != null && previous.isServable(ticker.getAsLong())) {
        return previous;
      }
      throw failure;
    } catch (Error e) {
      synchronized (slot) {
        slot.inFlight = null;
      }
      leader.completeExceptionally(e);
      throw e;
    }
    boolean recovered;
    synchronized (slot) {
      slot.snapshot = fresh;
      slot.inFlight = null;
      recovered = slot.lastFailure != null;
      slot.lastFailure = null;
    }
    if (recovered) {
      LOG.info("status list {} answers again", slot.uri);
    }
    leader.complete(fresh);
    return fresh;
  }

  private Snapshot await(Slot slot, CompletableFuture<Snapshot> pending) {
    try {
      return pending.get(2 * requestTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DzAuthException d && d.reason() == Reason.STORE_UNAVAILABLE) {
        // The leader's failure: the same message and cause for every caller that waited.
        Throwable root = d.getCause();
        String message = String.valueOf(d.getMessage());
        throw root == null
            ? DzAuthException.of(Reason.STORE_UNAVAILABLE, message)
            : DzAuthException.of(Reason.STORE_UNAVAILABLE, message, root);
      }
      throw unavailable(slot.uri, describe(cause), cause);
    } catch (TimeoutException e) {
      throw unavailable(slot.uri, "no list within " + requestTimeout.multipliedBy(2), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(slot.uri, "interrupted waiting for the list", e);
    }
  }

  private static DzAuthException unavailable(String uri, String why, @Nullable Throwable cause) {
    String message = "status list " + uri + " unavailable: " + why;
    return cause == null
        ? DzAuthException.of(Reason.STORE_UNAVAILABLE, message)
        : DzAuthException.of(Reason.STORE_UNAVAILABLE, message, cause);
  }

  private static String describe(@Nullable Throwable e) {
    if (e == null) {
      return "unknown failure";
    }
    if (e instanceof DzAuthException d) {
      return d.reason() + ": " + d.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  // --- fetching

  private Snapshot fetch(Slot slot, @Nullable Snapshot previous) {
    long deadline = System.nanoTime() + requestTimeoutNanos;
    String etag = null;
    if (previous != null && !previous.isExpired(clock.millis())) {
      etag = previous.etag;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(slot.target).GET().header("Accept", StatusListToken.MEDIA_TYPE);
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    HttpResponse<byte[]> response = send(request, deadline, maxResponseBytes);
    if (response.statusCode() == 304) {
      if (etag == null || previous == null) {
        throw new FetchFailure("HTTP 304 to a request without If-None-Match");
      }
      return previous.renewed(ticker.getAsLong(), clock.millis());
    }
    if (response.statusCode() != 200) {
      throw new FetchFailure("HTTP " + response.statusCode());
    }
    String jwt = new String(response.body(), StandardCharsets.ISO_8859_1).strip();
    StatusListToken token = verify(jwt, slot.uri, deadline);
    if (previous != null && token.issuedAt().isBefore(previous.issuedAt)) {
      throw new FetchFailure(
          "the list served was issued at "
              + token.issuedAt()
              + ", before the one held ("
              + previous.issuedAt
              + ")");
    }
    return newSnapshot(token, etag(response), ticker.getAsLong(), clock.millis());
  }

  private StatusListToken verify(String jwt, String uri, long deadline) {
    KeySet keys = currentKeys(deadline);
    try {
      return verifier.verify(jwt, uri, keys);
    } catch (DzAuthException e) {
      if (e.reason() != Reason.UNKNOWN_KEY) {
        throw e;
      }
      KeySet refreshed = refreshedKeys(keys, deadline);
      if (refreshed == null) {
        throw e;
      }
      return verifier.verify(jwt, uri, refreshed);
    }
  }

  private KeySet currentKeys(long deadline) {
    synchronized (jwksLock) {
      KeySet keys = jwks;
      long now = ticker.getAsLong();
      if (keys != null) {
        if (now - jwksFetchedNanos >= jwksMaxAgeNanos
            && now - lastJwksAttemptNanos >= retryIntervalNanos) {
          try {
            return fetchJwks(deadline, now);
          } catch (FetchFailure e) {
            LOG.debug("refreshing the JWK Set {} failed; the set held stays: {}", jwksUri, e);
          }
        }
        return keys;
      }
      if (jwksAttempted && now - lastJwksAttemptNanos < retryIntervalNanos) {
        throw new FetchFailure("the JWK Set could not be fetched; not asking again yet");
      }
      return fetchJwks(deadline, now);
    }
  }

  /** A newer JWK Set than {@code seen}, or {@code null} when the rate limit says not yet. */
  private @Nullable KeySet refreshedKeys(KeySet seen, long deadline) {
    synchronized (jwksLock) {
      KeySet keys = jwks;
      if (keys != null && keys != seen) {
        return keys;
      }
      long now = ticker.getAsLong();
      if (now - lastJwksAttemptNanos < jwksRefreshIntervalNanos) {
        return null;
      }
      return fetchJwks(deadline, now);
    }
  }

  private KeySet fetchJwks(long deadline, long now) {
    jwksAttempted = true;
    lastJwksAttemptNanos = now;
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(jwksUri)
                .GET()
                .header("Accept", "application/jwk-set+json, application/json"),
            deadline,
            MAX_JWKS_BYTES);
    if (response.statusCode() != 200) {
      throw new FetchFailure("JWK Set " + jwksUri + ": HTTP " + response.statusCode());
    }
    byte[] body = response.body();
    KeySet previous = jwks;
    if (previous != null && Arrays.equals(body, jwksBody)) {
      jwksFetchedNanos = now;
      return previous;
    }
    KeySet keys;
    try {
      keys = KeySet.parseJwkSet(new String(body, StandardCharsets.UTF_8), null);
    } catch (IllegalArgumentException e) {
      throw new FetchFailure("JWK Set " + jwksUri + " is not usable: " + e.getMessage(), e);
    }
    keys = keepingUnchangedKeys(previous, keys);
    jwksBody = body;
    jwksFetchedNanos = now;
    jwks = keys;
    return keys;
  }

  /**
   * {@code fetched}, with the key objects of {@code previous} for the keys that did not change: a
   * verified token's warm path compares its key by identity first.
   */
  private static KeySet keepingUnchangedKeys(@Nullable KeySet previous, KeySet fetched) {
    if (previous == null || fetched.activeKey().isPresent()) {
      return fetched;
    }
    List<TokenKey> keys = new ArrayList<>();
    boolean reused = false;
    for (TokenKey k : fetched.keys()) {
      TokenKey old = previous.key(k.id());
      if (old != null && old.equals(k)) {
        keys.add(old);
        reused = true;
      } else {
        keys.add(k);
      }
    }
    return reused ? KeySet.verificationOnly(keys.toArray(TokenKey[]::new)) : fetched;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder builder, long deadline, int maxBytes) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new FetchFailure("no answer within " + requestTimeout);
    }
    HttpRequest request = builder.timeout(Duration.ofNanos(remaining)).build();
    CompletableFuture<HttpResponse<byte[]>> answer =
        http.sendAsync(request, BoundedBody.handler(maxBytes));
    HttpResponse<byte[]> response;
    try {
      response = answer.get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new FetchFailure("no answer within " + requestTimeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new FetchFailure(request.uri() + ": " + describe(cause), cause);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new FetchFailure("interrupted", e);
    }
    if (!response.uri().equals(request.uri()) && !isOnOrigin(response.uri())) {
      throw new FetchFailure("redirected off the issuer's origin");
    }
    return response;
  }

  private static @Nullable String etag(HttpResponse<?> response) {
    String etag = response.headers().firstValue("ETag").orElse(null);
    if (etag == null || etag.isEmpty() || etag.length() > MAX_ETAG_LENGTH) {
      return null;
    }
    for (int i = 0; i < etag.length(); i++) {
      char c = etag.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return null;
      }
    }
    return etag;
  }

  private Snapshot newSnapshot(
      StatusListToken token, @Nullable String etag, long nowNanos, long wallMillis) {
    Duration ttl = token.ttl();
    long ttlNanos = ttl == null ? maxTtlNanos : clamp(ttl, minTtlNanos, maxTtlNanos);
    Instant exp = token.expiresAt();
    return new Snapshot(
        token.statusList(),
        etag,
        token.issuedAt(),
        exp == null ? Long.MAX_VALUE : exp.toEpochMilli(),
        ttlNanos,
        maxStalenessNanos,
        nowNanos,
        wallMillis);
  }

  private static long clamp(Duration d, long min, long max) {
    long nanos = d.compareTo(Duration.ofDays(365)) > 0 ? max : d.toNanos();
    return Math.max(min, Math.min(max, nanos));
  }

  /** A fetch failed; its message says why and never contains a token or a list. */
  private static final class FetchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FetchFailure(String message) {
      super(message, null, false, false);
    }

    FetchFailure(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** One list URI: its current list and the fetch under way. */
  private static final class Slot {
    final String uri;
    final URI target;
    volatile @Nullable Snapshot snapshot;
    // guarded by this:
    @Nullable CompletableFuture<Snapshot> inFlight;
    @Nullable String lastFailure;
    long retryAt;

    Slot(String uri, URI target) {
      this.uri = uri;
      this.target = target;
    }

    synchronized boolean isDead(long now) {
      Snapshot s = snapshot;
      return inFlight == null && (s == null || !s.isServable(now));
    }
  }

  /** A verified list and its times (freshness and serving limits on the ticker). */
  private static final class Snapshot {
    final StatusList list;
    final @Nullable String etag;
    final Instant issuedAt;
    final long expMillis;
    final long ttlNanos;
    final long stalenessNanos;
    final long freshUntil;
    final long serveUntil;

    Snapshot(
        StatusList list,
        @Nullable String etag,
        Instant issuedAt,
        long expMillis,
        long ttlNanos,
        long stalenessNanos,
        long nowNanos,
        long wallMillis) {
      this.list = list;
      this.etag = etag;
      this.issuedAt = issuedAt;
      this.expMillis = expMillis;
      this.ttlNanos = ttlNanos;
      this.stalenessNanos = stalenessNanos;
      long window = ttlNanos + stalenessNanos;
      long untilExp =
          expMillis - wallMillis > TimeUnit.NANOSECONDS.toMillis(window)
              ? window
              : TimeUnit.MILLISECONDS.toNanos(expMillis - wallMillis);
      this.freshUntil = nowNanos + Math.min(ttlNanos, untilExp);
      this.serveUntil = nowNanos + Math.min(window, untilExp);
    }

    /** The same list fetched again now (a 304): its ttl restarts, never past its exp. */
    Snapshot renewed(long nowNanos, long wallMillis) {
      if (isExpired(wallMillis)) {
        throw new FetchFailure("HTTP 304 for a list past its exp");
      }
      return new Snapshot(
          list, etag, issuedAt, expMillis, ttlNanos, stalenessNanos, nowNanos, wallMillis);
    }

    boolean isExpired(long wallMillis) {
      return wallMillis >= expMillis;
    }

    boolean isServable(long now) {
      return now - serveUntil < 0;
    }

    TokenStatus status(int idx) {
      return list.contains(idx) ? BY_VALUE[list.get(idx)] : TokenStatus.UNKNOWN;
    }
  }

  /** Configures a {@link StatusListClient}. */
  public static final class Builder {
    private final URI issuer;
    private @Nullable String jwksUri;
    private @Nullable HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxResponseBytes = 1 << 20;
    private int maxListBytes = 4 << 20;
    private Duration minTtl = Duration.ofSeconds(10);
    private Duration maxTtl = Duration.ofMinutes(5);
    private Duration maxStaleness = Duration.ofMinutes(5);
    private Duration retryInterval = Duration.ofSeconds(2);
    private Duration jwksRefreshInterval = Duration.ofSeconds(30);
    private Duration jwksMaxAge = Duration.ofMinutes(5);
    private Set<SignatureAlgorithm> allowedAlgorithms =
        EnumSet.of(SignatureAlgorithm.ES256, SignatureAlgorithm.EdDSA, SignatureAlgorithm.RS256);
    private Duration clockSkew = Duration.ofSeconds(30);
    private int maxLists = 1000;
    private boolean allowPlainHttp;

    private Builder(String issuer) {
      this.issuer = baseUrl(issuer, "issuer");
      if (this.issuer.getRawQuery() != null) {
        throw new IllegalArgumentException("issuer must have no query: " + issuer);
      }
    }

    /** The issuer's JWK Set; default {@code <issuer>/.well-known/jwks.json}. */
    public Builder jwksUri(String jwksUri) {
      this.jwksUri = baseUrl(jwksUri, "jwksUri").toString();
      return this;
    }

    /**
     * The HTTP client; default one of the JDK's made for this client (no redirects, {@link
     * #connectTimeout}), whose threads {@link #close()} stops. A client given here is not closed;
     * if it follows redirects, an answer from off the issuer's origin is still refused.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The wall clock {@code iat} and {@code exp} are checked against; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The monotonic nanosecond ticker ttl, staleness and the retry and refresh intervals run on;
     * default {@link System#nanoTime}. (Timeouts of I/O always run on {@code System.nanoTime}.)
     */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Connection timeout of the default HTTP client; default 5 s, 100 ms to 2 min. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout =
          within(timeout, Duration.ofMillis(100), Duration.ofMinutes(2), "connectTimeout");
      return this;
    }

    /**
     * The most one fetch (JWK Set and list together) may take; default 10 s, 100 ms to 2 min. A
     * caller waiting for another caller's fetch waits at most twice this.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout =
          within(timeout, Duration.ofMillis(100), Duration.ofMinutes(2), "requestTimeout");
      return this;
    }

    /** A longer list response is refused; default 1 MiB, 1 KiB to 64 MiB. */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 1024 || bytes > (64 << 20)) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be 1 KiB to 64 MiB, got " + bytes);
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * A list inflating to more bytes is refused; default 4 MiB, 1 to {@link StatusList#MAX_BYTES}.
     */
    public Builder maxListBytes(int bytes) {
      if (bytes < 1 || bytes > StatusList.MAX_BYTES) {
        throw new IllegalArgumentException(
            "maxListBytes must be 1 to " + StatusList.MAX_BYTES + ", got " + bytes);
      }
      this.maxListBytes = bytes;
      return this;
    }

    /** A list's {@code ttl} below this counts as this; default 10 s, 1 s to 1 day. */
    public Builder minTtl(Duration ttl) {
      this.minTtl = within(ttl, Duration.ofSeconds(1), Duration.ofDays(1), "minTtl");
      return this;
    }

    /**
     * A list's {@code ttl} above this (or none) counts as this: the longest a list answers before
     * it is refetched; default 5 min, 1 s to 1 day.
     */
    public Builder maxTtl(Duration ttl) {
      this.maxTtl = within(ttl, Duration.ofSeconds(1), Duration.ofDays(1), "maxTtl");
      return this;
    }

    /**
     * How long past its ttl a list still answers while refetching it fails (never past its {@code
     * exp}); default 5 min, 0 to 1 day.
     */
    public Builder maxStaleness(Duration staleness) {
      this.maxStaleness = within(staleness, Duration.ZERO, Duration.ofDays(1), "maxStaleness");
      return this;
    }

    /** How long after a failed fetch a list is not fetched again; default 2 s, 0 to 10 min. */
    public Builder retryInterval(Duration interval) {
      this.retryInterval = within(interval, Duration.ZERO, Duration.ofMinutes(10), "retryInterval");
      return this;
    }

    /**
     * The JWK Set is refetched (for a list signed by a {@code kid} it lacks) at most once per this;
     * default 30 s, 1 s to 1 h.
     */
    public Builder jwksRefreshInterval(Duration interval) {
      this.jwksRefreshInterval =
          within(interval, Duration.ofSeconds(1), Duration.ofHours(1), "jwksRefreshInterval");
      return this;
    }

    /**
     * A JWK Set older than this is fetched again with the next list (a key the issuer retired
     * leaves it); default 5 min, 1 s to 1 day.
     */
    public Builder jwksMaxAge(Duration maxAge) {
      this.jwksMaxAge = within(maxAge, Duration.ofSeconds(1), Duration.ofDays(1), "jwksMaxAge");
      return this;
    }

    /** The algorithms a list may be signed with; default ES256, EdDSA and RS256. */
    public Builder allowedAlgorithms(Set<SignatureAlgorithm> algorithms) {
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("allowedAlgorithms must not be empty");
      }
      this.allowedAlgorithms = EnumSet.copyOf(algorithms);
      return this;
    }

    /** How far in the future a list's {@code iat} may lie; default 30 s, at most 5 min. */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = within(skew, Duration.ZERO, Duration.ofMinutes(5), "clockSkew");
      return this;
    }

    /** The most lists held at once; default 1000, 1 to 100,000. */
    public Builder maxLists(int maxLists) {
      if (maxLists < 1 || maxLists > 100_000) {
        throw new IllegalArgumentException("maxLists must be 1 to 100000, got " + maxLists);
      }
      this.maxLists = maxLists;
      return this;
    }

    /**
     * Whether an {@code http:} issuer other than a loopback address is accepted; default false
     * (lists and keys then travel unprotected: only inside a trusted network).
     */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalArgumentException when the issuer (or JWK Set URL) is {@code http:} on a
     *     non-loopback host and {@link #allowPlainHttp} was not set, or {@code minTtl > maxTtl}
     */
    public StatusListClient build() {
      if (minTtl.compareTo(maxTtl) > 0) {
        throw new IllegalArgumentException("minTtl " + minTtl + " exceeds maxTtl " + maxTtl);
      }
      String base = issuer.toString();
      URI jwks =
          URI.create(
              jwksUri != null
                  ? jwksUri
                  : (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                      + "/.well-known/jwks.json");
      checkTransport(issuer);
      checkTransport(jwks);
      return new StatusListClient(this, jwks);
    }

    private void checkTransport(URI u) {
      if (!allowPlainHttp && "http".equalsIgnoreCase(u.getScheme()) && !isLoopback(u.getHost())) {
        throw new IllegalArgumentException(
            u + " is plain http on a non-loopback host; use https or allowPlainHttp(true)");
      }
    }

    private static boolean isLoopback(@Nullable String host) {
      if (host == null) {
        return false;
      }
      String h = host.toLowerCase(Locale.ROOT);
      return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
    }

    private static URI baseUrl(String url, String what) {
      URI u;
      try {
        u = new URI(Objects.requireNonNull(url, what));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(what + " is not a URI: " + e.getMessage(), e);
      }
      String scheme = u.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          || u.getHost() == null
          || u.getRawUserInfo() != null
          || u.getRawFragment() != null) {
        throw new IllegalArgumentException(
            what + " must be an http(s) URL with a host, no user info and no fragment: " + url);
      }
      return u;
    }

    private static Duration within(Duration d, Duration min, Duration max, String what) {
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            what + " must be between " + min + " and " + max + ", got " + d);
      }
      return d;
    }
  }
}
