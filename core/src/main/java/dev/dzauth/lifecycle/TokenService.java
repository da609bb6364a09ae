package dev.dzauth.lifecycle;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.DzAuthException.Violation;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.ChangeOrigin;
import dev.dzauth.store.SortField;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.TokenStore.PageQuery;
import dev.dzauth.store.TokenStore.Position;
import dev.dzauth.token.MintRequest;
import dev.dzauth.token.MintedToken;
import dev.dzauth.token.TokenFormat;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The token lifecycle, the one implementation of its rules: create, list, get, events, revoke,
 * suspend, activate, delete, roll, owner-level changes (revoke, suspend or activate every token of
 * a business or subject in one step), and last-used.
 *
 * <ul>
 *   <li>A caller sees and changes only tokens it owns (same subject and business); anything else is
 *       {@link Reason#NOT_FOUND}, never "forbidden", so existence is not revealed.
 *   <li>Every change is durable in the {@link TokenStore} before it is written through to the
 *       {@link StatusCache} and before the method returns: an acknowledged revocation is never
 *       lost, and this instance sees it at once. A change that finds the token already in the
 *       target state (made on another instance) writes that state through too. The state carries
 *       its feed version, so no older answer can replace it. A store failure is {@link
 *       Reason#STORE_UNAVAILABLE} and changes nothing in the cache.
 *   <li>Revocation is irreversible and idempotent (the first time, actor and reason stay).
 *   <li>Last uses are batched: one store write per flush interval at most.
 * </ul>
 *
 * <p>Thread-safe. Call {@link #close()} on shutdown to flush last uses.
 */
public final class TokenService implements AutoCloseable {

  /** {@code expires_in_days} when the field is absent. */
  public static final int DEFAULT_EXPIRES_IN_DAYS = 365;

  /** The revocation reason of a token reported leaked ({@link #revokeReported}). */
  public static final String REPORTED_LEAKED_REASON = "reported leaked";

  /** What the actor of a leak report's revocation starts with, before the reporter's subject. */
  public static final String LEAK_REPORT_ACTOR_PREFIX = "leak-report:";

  /** The largest {@code expires_in_days}. */
  public static final int MAX_EXPIRES_IN_DAYS = 365;

  /** The longest {@code name}. */
  public static final int MAX_NAME_LENGTH = 255;

  /** The longest {@code description} (docs/API.md, Limits). */
  public static final int MAX_DESCRIPTION_LENGTH = 1000;

  /** The longest revocation {@code reason}. */
  public static final int MAX_REASON_LENGTH = 1000;

  /** The most scopes a token may carry. */
  public static final int MAX_SCOPES = 64;

  /** The longest roll grace period allowed by default ({@link Builder#maxRollGracePeriod}). */
  public static final Duration DEFAULT_MAX_ROLL_GRACE_PERIOD = Duration.ofDays(7);

  /** The {@code token_scope} of a token of one environment. */
  public static final String ENVIRONMENT_SCOPE = "environment";

  /** The {@code token_scope} of a token of the whole business. */
  public static final String ACCOUNT_SCOPE = "account";

  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

  private final TokenMinter minter;
  private final TokenStore store;
  private final StatusCache statuses;
  private final TokenPolicy policy;
  private final Clock clock;
  private final CursorCodec cursors;
  private final LastUsedRecorder lastUsed = new LastUsedRecorder();
  private final ScheduledExecutorService flusher;
  private final Duration lastUsedFlushInterval;
  private final Duration maxRollGracePeriod;

  private TokenService(Builder b) {
    this.minter = b.minter;
    this.store = b.store;
    this.statuses = b.statuses;
    this.policy = b.policy;
    this.clock = b.clock;
    this.cursors =
        new CursorCodec(b.cursorSecret != null ? b.cursorSecret : derivedSecret(b.minter));
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dz-auth-last-used-flush");
              t.setDaemon(true);
              return t;
            });
    this.lastUsedFlushInterval = b.lastUsedFlushInterval;
    this.maxRollGracePeriod = b.maxRollGracePeriod;
    long every = b.lastUsedFlushInterval.toMillis();
    flusher.scheduleWithFixedDelay(this::flushLastUsed, every, every, TimeUnit.MILLISECONDS);
  }

  /** A builder for a service minting with {@code minter} and keeping records in {@code store}. */
  public static Builder builder(TokenMinter minter, TokenStore store, StatusCache statuses) {
    return new Builder(minter, store, statuses);
  }

  /**
   * Creates a token for {@code caller}, bound to the caller's business, and to one environment of
   * it when the request names one (or the caller is bound to one: no token of a wider scope than
   * its creator's).
   *
   * @throws DzAuthException {@link Reason#INVALID_REQUEST} (422) for an invalid request or one the
   *     policy forbids, {@link Reason#INSUFFICIENT_SCOPE} (403) for a scope the caller lacks,
   *     {@link Reason#WRONG_ENVIRONMENT} (403) for an environment-scoped caller asking for another
   *     environment or for an account-scoped token, {@link Reason#STORE_UNAVAILABLE}
   */
  public CreatedToken create(Caller caller, CreateTokenRequest request) {
    List<Violation> violations = violations(request);
    if (!violations.isEmpty()) {
      throw DzAuthException.invalid(violations);
    }
    String environment = environmentOf(caller, request);
    Set<String> scopes = request.scopes() != null ? request.scopes() : caller.scopes();
    if (!caller.scopes().containsAll(scopes)) {
      throw DzAuthException.of(
          Reason.INSUFFICIENT_SCOPE, "caller " + caller.subject() + " asked for scopes it lacks");
    }
    Minted minted =
        mintRecord(
            UUID.randomUUID().toString(),
            caller,
            Objects.requireNonNull(request.name()),
            request.description(),
            request.expiresInDays() == null ? null : Duration.ofDays(request.expiresInDays()),
            scopes,
            environment);
    TokenRecord record = call(() -> store.insert(minted.record(), caller.origin()));
    statuses.record(record.jti(), record.versionedStatus());
    return new CreatedToken(minted.token(), record);
  }

  /**
   * The environment a new token of {@code caller} is bound to ({@code null}: the whole business).
   */
  private static @Nullable String environmentOf(Caller caller, CreateTokenRequest request) {
    boolean wantsEnvironment =
        ENVIRONMENT_SCOPE.equals(request.tokenScope())
            || (request.tokenScope() == null
                && (request.environmentId() != null || caller.environmentId() != null));
    String environment =
        request.environmentId() != null ? request.environmentId() : caller.environmentId();
    String own = caller.environmentId();
    if (own != null && (!wantsEnvironment || !own.equals(environment))) {
      throw DzAuthException.of(
          Reason.WRONG_ENVIRONMENT,
          "caller "
              + caller.subject()
              + " is bound to one environment and may create tokens of that environment only");
    }
    if (wantsEnvironment && environment == null) {
      throw DzAuthException.invalid(
          List.of(Violations.missing(List.of("body", "environment_id"), null)));
    }
    return wantsEnvironment ? environment : null;
  }

  /**
   * Creates the first token of a deployment, once: only when {@code bootstrap}'s subject has no
   * token in its business (revoked and deleted bootstrap records included), written to {@link
   * BootstrapToken#tokenFile()}. For instances racing on one store, the record's id is {@link
   * BootstrapToken#recordId()}, the same on each, so one insert wins and the others get a {@link
   * dev.dzauth.store.DuplicateRecordException}, and do nothing ({@link
   * BootstrapResult.Outcome#ALREADY_CREATED}).
   *
   * <p>Order: the checks (subject has tokens, the record exists) come first, so a restart touches
   * no file; then the token is minted and written to a new file created with mode 0600 (an existing
   * file is never overwritten: that fails) and forced to disk; only then is the record inserted, so
   * a stored bootstrap token is always in its file. When the insert loses the race or fails, the
   * file is deleted. The token appears in no log and no exception message; the result carries the
   * record id, display prefix and path only. Expiry: {@value #DEFAULT_EXPIRES_IN_DAYS} days, as the
   * API's default. Blocks on the store and the file system.
   *
   * @throws DzAuthException {@link Reason#INVALID_REQUEST} for a name or scope the service refuses,
   *     {@link Reason#STORE_UNAVAILABLE}
   * @throws IllegalStateException when the file exists (and the subject has no token) or cannot be
   *     written
   */
  public BootstrapResult bootstrap(BootstrapToken bootstrap) {
    CreateTokenRequest request =
        new CreateTokenRequest(bootstrap.name(), null, DEFAULT_EXPIRES_IN_DAYS, bootstrap.scopes());
    List<Violation> violations = violations(request);
    if (!violations.isEmpty()) {
      throw DzAuthException.invalid(violations);
    }
    String id = bootstrap.recordId();
    java.nio.file.Path file = bootstrap.tokenFile();
    if (call(() -> store.findById(id)).isPresent()) {
      return new BootstrapResult(BootstrapResult.Outcome.ALREADY_CREATED, id, null, file);
    }
    if (call(() -> store.count(bootstrap.subject(), bootstrap.businessId(), true)) > 0) {
      return new BootstrapResult(BootstrapResult.Outcome.SUBJECT_HAS_TOKENS, id, null, file);
    }
    Caller owner = new Caller(bootstrap.subject(), bootstrap.businessId(), bootstrap.scopes());
    Minted minted = mintRecord(id, owner, request, bootstrap.scopes());
    try {
      OwnerOnlyFile.createWith(file, minted.token());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new IllegalStateException(
          "bootstrap token file "
              + file
              + " exists; dz-auth never overwrites it: remove it, or name a new file (each"
              + " instance its own)");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "bootstrap token file " + file + " cannot be written: " + e.getMessage(), e);
    }
    TokenRecord record = minted.record();
    try {
      store.insert(record, ChangeOrigin.none());
    } catch (dev.dzauth.store.DuplicateRecordException e) {
      OwnerOnlyFile.deleteQuietly(file, e);
      return new BootstrapResult(BootstrapResult.Outcome.ALREADY_CREATED, id, null, file);
    } catch (Exception e) {
      OwnerOnlyFile.deleteQuietly(file, e);
      // A store that does not map its duplicate key: the record there, another jti, is a lost race.
      Optional<TokenRecord> there;
      try {
        there = store.findById(id);
      } catch (Exception again) {
        e.addSuppressed(again);
        there = Optional.empty();
      }
      if (there.isPresent() && !there.get().jti().equals(record.jti())) {
        return new BootstrapResult(BootstrapResult.Outcome.ALREADY_CREATED, id, null, file);
      }
      throw DzAuthException.of(
          Reason.STORE_UNAVAILABLE, "token store failed to insert " + id + ": " + e, e);
    }
    statuses.record(record.jti(), record.versionedStatus());
    return new BootstrapResult(BootstrapResult.Outcome.CREATED, id, record.tokenPrefix(), file);
  }

  /** A minted token and its record, not yet stored. */
  private record Minted(String token, TokenRecord record) {
    @Override
    public String toString() {
      return "Minted{record=" + record.id() + ", token=<hidden>}";
    }
  }

  /**
   * Every violation of the lengths, limits and this service's {@link TokenPolicy} in {@code
   * request}, in field order ({@code name}, {@code description}, {@code expires_in_days}, {@code
   * scopes}); empty when {@link #create} would accept it. The one place these limits are checked:
   * an HTTP layer checks types and shapes only, and merges its findings with these.
   */
  public List<Violation> violations(CreateTokenRequest request) {
    List<Violation> violations = new ArrayList<>();
    String name = request.name();
    if (name == null) {
      violations.add(Violations.missing(List.of("body", "name"), null));
    } else if (name.isEmpty()) {
      violations.add(Violations.stringTooShort(List.of("body", "name"), name, 1));
    } else if (name.length() > MAX_NAME_LENGTH) {
      violations.add(Violations.stringTooLong(List.of("body", "name"), name, MAX_NAME_LENGTH));
    }
    String description = request.description();
    if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
      violations.add(
          Violations.stringTooLong(
              List.of("body", "description"), description, MAX_DESCRIPTION_LENGTH));
    }
    Integer days = request.expiresInDays();
    List<Object> daysLoc = List.of("body", "expires_in_days");
    if (days == null) {
      if (!policy.allowNeverExpiring()) {
        violations.add(
            Violations.valueError(daysLoc, null, "tokens that never expire are not allowed here"));
      }
    } else if (days < 1) {
      violations.add(Violations.greaterThanEqual(daysLoc, days, 1));
    } else if (days > policy.maxExpiresInDays()) {
      violations.add(Violations.lessThanEqual(daysLoc, days, policy.maxExpiresInDays()));
    }
    Set<String> scopes = request.scopes();
    if (scopes != null) {
      if (scopes.size() > MAX_SCOPES) {
        violations.add(
            Violations.valueError(
                List.of("body", "scopes"), null, "at most " + MAX_SCOPES + " scopes"));
      }
      for (String s : scopes) {
        if (!SCOPE.matcher(s).matches()) {
          violations.add(
              Violations.valueError(
                  List.of("body", "scopes"),
                  s,
                  "a scope is 1 to 128 printable ASCII characters without spaces, quotes or"
                      + " backslashes"));
        }
      }
    }
    String tokenScope = request.tokenScope();
    String environmentId = request.environmentId();
    if (tokenScope != null
        && !tokenScope.equals(ACCOUNT_SCOPE)
        && !tokenScope.equals(ENVIRONMENT_SCOPE)) {
      violations.add(
          Violations.literal(
              List.of("body", "token_scope"),
              tokenScope,
              List.of(ACCOUNT_SCOPE, ENVIRONMENT_SCOPE)));
    }
    List<Object> envLoc = List.of("body", "environment_id");
    if (environmentId != null) {
      if (environmentId.isEmpty()) {
        violations.add(Violations.stringTooShort(envLoc, environmentId, 1));
      } else if (environmentId.length() > TokenFormat.MAX_ENVIRONMENT_ID_LENGTH) {
        violations.add(
            Violations.stringTooLong(envLoc, environmentId, TokenFormat.MAX_ENVIRONMENT_ID_LENGTH));
      } else if (environmentId.isBlank()) {
        violations.add(Violations.valueError(envLoc, environmentId, "environment_id is blank"));
      }
      if (ACCOUNT_SCOPE.equals(tokenScope)) {
        violations.add(
            Violations.valueError(
                envLoc, environmentId, "a token of token_scope account names no environment"));
      }
    }
    return violations;
  }

  private Minted mintRecord(
      String id, Caller caller, CreateTokenRequest request, Set<String> scopes) {
    Integer days = request.expiresInDays();
    return mintRecord(
        id,
        caller,
        Objects.requireNonNull(request.name()),
        request.description(),
        days == null ? null : Duration.ofDays(days),
        scopes,
        null);
  }

  private Minted mintRecord(
      String id,
      Caller caller,
      String name,
      @Nullable String description,
      @Nullable Duration lifetime,
      Set<String> scopes,
      @Nullable String environmentId) {
    MintedToken minted =
        minter.mint(
            new MintRequest(
                caller.subject(), caller.businessId(), scopes, lifetime, environmentId));
    TokenRecord record =
        new TokenRecord(
            id,
            minted.jti(),
            name,
            description,
            minted.displayPrefix(),
            caller.subject(),
            caller.businessId(),
            scopes,
            caller.subject(),
            minted.issuedAt(),
            minted.issuedAt(),
            minted.expiresAt(),
            null,
            TokenStatus.ACTIVE,
            0,
            null,
            null,
            null,
            0,
            null,
            null,
            environmentId);
    return new Minted(minted.token(), record);
  }

  /**
   * One page of the caller's tokens in the caller's business. Keyset pagination: the cost of a page
   * does not depend on its depth; cursors are bound to the caller and the query.
   */
  public TokenPage list(Caller caller, ListQuery query) {
    if (query.limit() < 1) {
      throw DzAuthException.invalid(
          List.of(Violations.greaterThanEqual(List.of("query", "limit"), query.limit(), 1)));
    }
    if (query.limit() > ListQuery.MAX_LIMIT) {
      throw DzAuthException.invalid(
          List.of(
              Violations.lessThanEqual(
                  List.of("query", "limit"), query.limit(), ListQuery.MAX_LIMIT)));
    }
    Position from = query.cursor() == null ? null : cursors.decode(caller, query, query.cursor());
    boolean backwards = query.previous();
    PageQuery pageQuery =
        new PageQuery(
            caller.subject(),
            caller.businessId(),
            query.includeRevoked(),
            query.sortBy(),
            backwards != query.descending(),
            from,
            query.limit() + 1);
    List<TokenRecord> fetched = call(() -> store.page(pageQuery));
    boolean more = fetched.size() > query.limit();
    List<TokenRecord> items =
        new ArrayList<>(fetched.subList(0, Math.min(query.limit(), fetched.size())));
    boolean hasNext;
    boolean hasPrev;
    if (backwards) {
      Collections.reverse(items);
      hasPrev = more;
      hasNext = from != null;
    } else {
      hasNext = more;
      hasPrev = from != null;
    }
    String next = null;
    String prev = null;
    if (!items.isEmpty()) {
      if (hasNext) {
        next = cursors.encode(caller, query, position(query.sortBy(), items.get(items.size() - 1)));
      }
      if (hasPrev) {
        prev = cursors.encode(caller, query, position(query.sortBy(), items.get(0)));
      }
    }
    Long total =
        query.includeTotalCount()
            ? call(() -> store.count(caller.subject(), caller.businessId(), query.includeRevoked()))
            : null;
    return new TokenPage(
        items, total, query.limit(), next, prev, hasNext && next != null, hasPrev && prev != null);
  }

  private static Position position(SortField sort, TokenRecord r) {
    return new Position(sort.keyOf(r), r.id());
  }

  /**
   * One page of the lifecycle events of the caller's token {@code tokenId}, oldest first (by time,
   * then id), after {@code cursor} (a {@link TokenEventPage#nextCursor()} of an earlier page of the
   * same caller and token; {@code null} from the start). Cursors are opaque and tamper-evident,
   * bound to the caller and the token. The limit and the cursor are checked before the token: a bad
   * one is {@link Reason#INVALID_REQUEST} whichever token it names.
   *
   * @param limit 1 to {@value ListQuery#MAX_LIMIT}
   * @throws DzAuthException {@link Reason#INVALID_REQUEST} (422) for a limit out of range or an
   *     invalid cursor, {@link Reason#NOT_FOUND} for a token the caller does not own (or a deleted
   *     one), {@link Reason#STORE_UNAVAILABLE}
   */
  public TokenEventPage events(Caller caller, String tokenId, @Nullable String cursor, int limit) {
    List<Object> limitLoc = List.of("query", "limit");
    if (limit < 1) {
      throw DzAuthException.invalid(List.of(Violations.greaterThanEqual(limitLoc, limit, 1)));
    }
    if (limit > ListQuery.MAX_LIMIT) {
      throw DzAuthException.invalid(
          List.of(Violations.lessThanEqual(limitLoc, limit, ListQuery.MAX_LIMIT)));
    }
    TokenEvent.Position after =
        cursor == null ? null : cursors.decodeEvents(caller, tokenId, cursor);
    TokenRecord record = owned(caller, tokenId);
    List<TokenEvent> fetched = call(() -> store.events(record.id(), after, limit + 1));
    boolean more = fetched.size() > limit;
    List<TokenEvent> items = fetched.subList(0, Math.min(limit, fetched.size()));
    String next = null;
    if (more && !items.isEmpty()) {
      TokenEvent last = items.get(items.size() - 1);
      next =
          cursors.encodeEvents(
              caller, tokenId, new TokenEvent.Position(last.occurredAt(), last.id()));
    }
    return new TokenEventPage(items, limit, next, next != null);
  }

  /** The caller's token {@code tokenId}. */
  public TokenRecord get(Caller caller, String tokenId) {
    return owned(caller, tokenId);
  }

  /**
   * Revokes the caller's token: irreversible, effective on this instance before this returns.
   * Revoking a revoked token returns it unchanged.
   */
  public TokenRecord revoke(Caller caller, String tokenId, @Nullable String reason) {
    if (reason != null && reason.length() > MAX_REASON_LENGTH) {
      throw DzAuthException.invalid(
          List.of(Violations.stringTooLong(List.of("body", "reason"), reason, MAX_REASON_LENGTH)));
    }
    TokenRecord record = owned(caller, tokenId);
    if (record.state() == TokenStatus.REVOKED) {
      // Already revoked (perhaps on another instance): the answer is the store's, so is this cache.
      statuses.record(record.jti(), record.versionedStatus());
      return record;
    }
    Instant now = clock.instant();
    TokenRecord revoked =
        call(() -> store.revoke(record.id(), now, caller.origin(), reason))
            .orElseThrow(() -> notFound(tokenId));
    statuses.record(revoked.jti(), revoked.versionedStatus());
    if (revoked.state() == TokenStatus.DELETED) {
      throw notFound(tokenId);
    }
    return revoked;
  }

  /**
   * Revokes the token {@code leaked} because {@code reporter} reported it leaked (a secret-scanning
   * report, say): whoever owns it, since holding a token string that verified is the proof, with
   * reason {@value #REPORTED_LEAKED_REASON} and actor {@value #LEAK_REPORT_ACTOR_PREFIX}{@code
   * <reporter's subject>}, the reporter's address and user agent recorded with the change.
   * Effective on this instance before this returns, as {@link #revoke} is; a token revoked before
   * keeps its first revocation (time, actor, reason).
   *
   * <p>{@code leaked} must come from a {@link dev.dzauth.token.TokenVerifier} of this service's
   * tokens: the record is the one of its {@code tokenId} and must carry its {@code jti}, otherwise
   * nothing changes.
   *
   * @return the record as it is now (revoked), or empty when there is none with that id and jti or
   *     it was deleted
   * @throws DzAuthException {@link Reason#STORE_UNAVAILABLE}
   */
  public Optional<TokenRecord> revokeReported(VerifiedToken leaked, Caller reporter) {
    TokenRecord record = call(() -> store.findById(leaked.tokenId())).orElse(null);
    if (record == null || !record.jti().equals(leaked.jti())) {
      return Optional.empty();
    }
    if (record.state() == TokenStatus.DELETED || record.state() == TokenStatus.REVOKED) {
      // Already final (perhaps on another instance): this cache takes the store's state.
      statuses.record(record.jti(), record.versionedStatus());
      return record.state() == TokenStatus.DELETED ? Optional.empty() : Optional.of(record);
    }
    ChangeOrigin origin =
        new ChangeOrigin(
            LEAK_REPORT_ACTOR_PREFIX + reporter.subject(),
            reporter.clientIp(),
            reporter.userAgent());
    Instant now = clock.instant();
    TokenRecord revoked =
        call(() -> store.revoke(record.id(), now, origin, REPORTED_LEAKED_REASON)).orElse(null);
    if (revoked == null) {
      return Optional.empty();
    }
    statuses.record(revoked.jti(), revoked.versionedStatus());
    return revoked.state() == TokenStatus.DELETED ? Optional.empty() : Optional.of(revoked);
  }

  /**
   * Suspends the caller's token (reversible). A suspended token stays suspended (no-op); a revoked
   * or expired one is {@link Reason#INVALID_STATE}.
   */
  public TokenRecord suspend(Caller caller, String tokenId) {
    return move(caller, tokenId, TokenStatus.ACTIVE, TokenStatus.SUSPENDED);
  }

  /**
   * Activates the caller's suspended token. An active token stays active (no-op); a revoked or
   * expired one is {@link Reason#INVALID_STATE}.
   */
  public TokenRecord activate(Caller caller, String tokenId) {
    return move(caller, tokenId, TokenStatus.SUSPENDED, TokenStatus.ACTIVE);
  }

  private TokenRecord move(Caller caller, String tokenId, TokenStatus from, TokenStatus to) {
    TokenRecord record = owned(caller, tokenId);
    Instant now = clock.instant();
    EffectiveStatus status = EffectiveStatus.of(record, now);
    if (status == EffectiveStatus.REVOKED || status == EffectiveStatus.EXPIRED) {
      throw DzAuthException.of(
          Reason.INVALID_STATE,
          "token " + record.id() + " is " + status.apiValue() + " and cannot become " + to);
    }
    OwnerScope held = record.heldBy();
    if (held != null && to == TokenStatus.ACTIVE) {
      throw DzAuthException.of(
          Reason.INVALID_STATE,
          "token "
              + record.id()
              + " is suspended with every token of "
              + describe(held)
              + "; activate the owner to activate it");
    }
    if (record.state() == to) {
      // Already there (perhaps by another instance): this cache takes the store's state with it.
      statuses.record(record.jti(), record.versionedStatus());
      return record;
    }
    TokenRecord moved =
        call(() -> store.transition(record.id(), from, to, now, caller.origin()))
            .orElseThrow(() -> notFound(tokenId));
    statuses.record(moved.jti(), moved.versionedStatus());
    if (moved.state() == TokenStatus.DELETED) {
      throw notFound(tokenId);
    }
    if (moved.state() != to) {
      throw DzAuthException.of(
          Reason.INVALID_STATE,
          "token " + record.id() + " changed to " + moved.state() + " meanwhile");
    }
    return moved;
  }

  /**
   * Replaces the caller's active token by a new one with the same name, description, scopes and
   * business, and the same lifetime length from now (capped by the policy; a token that never
   * expires is replaced by one that never expires, where the policy allows it). The old token keeps
   * working for {@code gracePeriod} (zero: it stops now), then is refused on every instance within
   * the status bound, as a revocation is. One transaction: the successor exists if, and only if,
   * the old record names it.
   *
   * <p>A token is rolled at most once: rolling it again (a retried request whose answer was lost,
   * say) is {@link Reason#INVALID_STATE} naming the successor's id; the successor's token was shown
   * once and cannot be shown again (roll the successor, or revoke it).
   *
   * @throws DzAuthException {@link Reason#INVALID_REQUEST} for a grace period outside 0 to {@link
   *     Builder#maxRollGracePeriod}, {@link Reason#NOT_FOUND}, {@link Reason#INVALID_STATE} for a
   *     revoked, suspended, expired or already rolled token, {@link Reason#STORE_UNAVAILABLE}
   */
  public RolledToken roll(Caller caller, String tokenId, Duration gracePeriod) {
    List<Object> graceLoc = List.of("body", "grace_period_seconds");
    if (gracePeriod.isNegative()) {
      throw DzAuthException.invalid(
          List.of(Violations.greaterThanEqual(graceLoc, gracePeriod.toSeconds(), 0)));
    }
    if (gracePeriod.compareTo(maxRollGracePeriod) > 0) {
      throw DzAuthException.invalid(
          List.of(
              Violations.lessThanEqual(
                  graceLoc, gracePeriod.toSeconds(), maxRollGracePeriod.toSeconds())));
    }
    TokenRecord old = owned(caller, tokenId);
    Instant now = clock.instant();
    refuseRoll(old, now);
    Duration lifetime = successorLifetime(old);
    Caller owner = new Caller(old.subject(), old.businessId(), old.scopes());
    Minted successor =
        mintRecord(
            UUID.randomUUID().toString(),
            owner,
            old.name(),
            old.description(),
            lifetime,
            old.scopes(),
            old.environmentId());
    TokenRecord next = successor.record().withCreator(caller.subject());
    TokenRecord after =
        call(() -> store.roll(old.id(), next, now.plus(gracePeriod), now, caller.origin()))
            .orElseThrow(() -> notFound(tokenId));
    statuses.record(after.jti(), after.versionedStatus());
    if (!next.id().equals(after.rolledTo())) {
      if (after.state() == TokenStatus.DELETED) {
        throw notFound(tokenId);
      }
      refuseRoll(after, now);
      throw DzAuthException.of(
          Reason.INVALID_STATE, "token " + old.id() + " changed meanwhile and was not rolled");
    }
    statuses.record(next.jti(), next.versionedStatus());
    return new RolledToken(successor.token(), next, after);
  }

  private void refuseRoll(TokenRecord record, Instant now) {
    String successor = record.rolledTo();
    if (successor != null) {
      throw DzAuthException.of(
          Reason.INVALID_STATE,
          "token "
              + record.id()
              + " was already rolled; its successor is "
              + successor
              + " (a token is shown once: roll or revoke the successor)");
    }
    EffectiveStatus status = EffectiveStatus.of(record, now);
    if (status != EffectiveStatus.ACTIVE) {
      throw DzAuthException.of(
          Reason.INVALID_STATE,
          "token " + record.id() + " is " + status.apiValue() + " and cannot be rolled");
    }
  }

  /** The old token's lifetime length, within the policy; {@code null} for never expiring. */
  private @Nullable Duration successorLifetime(TokenRecord old) {
    Duration max = Duration.ofDays(policy.maxExpiresInDays());
    Instant expiresAt = old.expiresAt();
    if (expiresAt == null) {
      return policy.allowNeverExpiring() ? null : max;
    }
    Duration original = Duration.between(old.createdAt(), expiresAt);
    if (original.compareTo(max) > 0) {
      return max;
    }
    return original.isNegative() || original.isZero() ? Duration.ofSeconds(1) : original;
  }

  /**
   * Revokes, suspends or activates every token of a business, or of one subject in it, in one
   * durable change (one row and one feed entry, however many tokens), or with {@link
   * OwnerChangeRequest#dryRun()} only counts the tokens it would change. Tokens created after the
   * change are not affected. Effective on this instance before this returns, on the others within
   * the same bound as a single revocation. Listings and reads show the affected tokens revoked
   * (with this change's time, {@code actor} and reason) or suspended.
   *
   * <p>Who may do this is the caller's decision (the HTTP API allows it to holders of the {@code
   * tokens:admin} scope, in their own business only).
   *
   * @param actor who makes the change (recorded as {@code revoked_by})
   * @throws DzAuthException {@link Reason#INVALID_REQUEST} for a reason that is too long, {@link
   *     Reason#STORE_UNAVAILABLE}
   */
  public OwnerChangeResult changeOwner(String actor, OwnerChangeRequest request) {
    return changeOwner(ChangeOrigin.of(actor), request);
  }

  /**
   * {@link #changeOwner(String, OwnerChangeRequest)} made by {@code caller} (its subject is the
   * actor; its request's address and user agent are recorded with the event).
   */
  public OwnerChangeResult changeOwner(Caller caller, OwnerChangeRequest request) {
    return changeOwner(caller.origin(), request);
  }

  private OwnerChangeResult changeOwner(ChangeOrigin origin, OwnerChangeRequest request) {
    String reason = request.reason();
    if (reason != null && reason.length() > MAX_REASON_LENGTH) {
      throw DzAuthException.invalid(
          List.of(Violations.stringTooLong(List.of("body", "reason"), reason, MAX_REASON_LENGTH)));
    }
    OwnerScope owner = request.owner();
    long affected = call(() -> store.countAffected(owner, request.action()));
    if (request.dryRun()) {
      return new OwnerChangeResult(owner, request.action(), affected, true, null);
    }
    Instant now = clock.instant();
    Optional<OwnerChange> change =
        call(() -> store.changeOwner(owner, request.action(), now, origin, reason));
    change.ifPresent(statuses::record);
    return new OwnerChangeResult(
        owner, request.action(), change.isPresent() ? affected : 0, false, change.orElse(null));
  }

  private static String describe(OwnerScope owner) {
    return owner.subject() == null
        ? "business " + owner.businessId()
        : "subject " + owner.subject() + " in business " + owner.businessId();
  }

  /** Deletes the caller's token: it stops authenticating at once and leaves every listing. */
  public void delete(Caller caller, String tokenId) {
    TokenRecord record = owned(caller, tokenId);
    Instant now = clock.instant();
    TokenRecord current = record;
    for (int attempt = 0; attempt < 8; attempt++) {
      TokenStatus from = current.state();
      Optional<TokenRecord> after =
          call(
              () -> store.transition(record.id(), from, TokenStatus.DELETED, now, caller.origin()));
      if (after.isEmpty()) {
        throw notFound(tokenId);
      }
      current = after.get();
      if (current.state() == TokenStatus.DELETED) {
        statuses.record(current.jti(), current.versionedStatus());
        return;
      }
    }
    throw DzAuthException.of(Reason.STORE_UNAVAILABLE, "token " + record.id() + " kept changing");
  }

  /**
   * Notes a successful authentication with {@code token}; written to the store with the next batch.
   * Lock-free and cheap: call it on every request.
   */
  public void recordUse(VerifiedToken token) {
    lastUsed.record(token.tokenId(), clock.millis());
  }

  /** Writes the pending last uses now, in one batch. */
  public void flushLastUsed() {
    lastUsed.flush(store);
  }

  /** The service's clock: what adapters derive statuses with. */
  public Clock clock() {
    return clock;
  }

  /** The creation policy ({@link Builder#policy}). */
  public TokenPolicy policy() {
    return policy;
  }

  /** The longest roll grace period ({@link Builder#maxRollGracePeriod}). */
  public Duration maxRollGracePeriod() {
    return maxRollGracePeriod;
  }

  /** How often last uses are written ({@link Builder#lastUsedFlushInterval}). */
  public Duration lastUsedFlushInterval() {
    return lastUsedFlushInterval;
  }

  /** The store behind this service. */
  public TokenStore store() {
    return store;
  }

  /** Flushes last uses and stops the flusher. Does not close the store. */
  @Override
  public void close() {
    flusher.shutdownNow();
    flushLastUsed();
  }

  private TokenRecord owned(Caller caller, String tokenId) {
    if (tokenId.length() > 64) {
      throw notFound(tokenId);
    }
    TokenRecord r = call(() -> store.findById(tokenId)).orElseThrow(() -> notFound(tokenId));
    if (!r.isOwnedBy(caller.subject(), caller.businessId())) {
      throw notFound(tokenId);
    }
    if (r.state() == TokenStatus.DELETED) {
      statuses.record(r.jti(), r.versionedStatus());
      throw notFound(tokenId);
    }
    return r;
  }

  private static DzAuthException notFound(String tokenId) {
    String shown = tokenId.length() > 64 ? tokenId.substring(0, 64) + "…" : tokenId;
    return DzAuthException.of(Reason.NOT_FOUND, "no token " + shown + " for this caller");
  }

  @FunctionalInterface
  private interface StoreCall<T> {
    T run() throws Exception;
  }

  private static <T> T call(StoreCall<T> call) {
    try {
      return call.run();
    } catch (DzAuthException e) {
      throw e;
    } catch (Exception e) {
      throw DzAuthException.of(Reason.STORE_UNAVAILABLE, "token store failed: " + e, e);
    }
  }

  private static byte[] derivedSecret(TokenMinter minter) {
    // Instances that share the signing key share cursors, with no extra configuration.
    String material =
        minter.activeKey().map(TokenKey::toJwkJson).orElse(UUID.randomUUID().toString());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("dz-auth list cursor v1\0".getBytes(StandardCharsets.UTF_8));
      return sha.digest(material.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Configures a {@link TokenService}. */
  public static final class Builder {
    private final TokenMinter minter;
    private final TokenStore store;
    private final StatusCache statuses;
    private TokenPolicy policy = TokenPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private byte @Nullable [] cursorSecret;
    private Duration lastUsedFlushInterval = Duration.ofSeconds(5);
    private Duration maxRollGracePeriod = DEFAULT_MAX_ROLL_GRACE_PERIOD;

    private Builder(TokenMinter minter, TokenStore store, StatusCache statuses) {
      this.minter = Objects.requireNonNull(minter, "minter");
      this.store = Objects.requireNonNull(store, "store");
      this.statuses = Objects.requireNonNull(statuses, "statuses");
    }

    /** The creation policy; default {@link TokenPolicy#defaults()}. */
    public Builder policy(TokenPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The clock for timestamps and statuses; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The secret list cursors are authenticated with, at least 32 bytes; default derived from the
     * active signing key, so instances sharing keys share cursors.
     */
    public Builder cursorSecret(byte[] secret) {
      if (secret.length < 32) {
        throw new IllegalArgumentException("cursorSecret must be at least 32 bytes");
      }
      this.cursorSecret = secret.clone();
      return this;
    }

    /** How often last uses are written, in one batch; default 5 s. */
    public Builder lastUsedFlushInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(
            "lastUsedFlushInterval must be positive, got " + interval);
      }
      this.lastUsedFlushInterval = interval;
      return this;
    }

    /**
     * The longest grace period a roll may give the old token; default 7 days ({@link
     * #DEFAULT_MAX_ROLL_GRACE_PERIOD}). Zero allows only immediate rolls.
     */
    public Builder maxRollGracePeriod(Duration max) {
      if (max.isNegative()) {
        throw new IllegalArgumentException("maxRollGracePeriod must not be negative, got " + max);
      }
      this.maxRollGracePeriod = max;
      return this;
    }

    /** Builds the service and starts its last-used flusher. */
    public TokenService build() {
      return new TokenService(this);
    }
  }
}
