package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.OwnerChangeRequest;
import dev.dzauth.lifecycle.OwnerChangeResult;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token-management HTTP API of docs/API.md (and docs/openapi.json, served at {@value
 * #OPENAPI_PATH}), framework-neutral: routing, scopes, validation (the pydantic v2 errors of
 * docs/API.md, Errors), paging and the JSON shapes of the OpenAPI document.
 *
 * <table>
 *   <caption>Routes and the scope each needs</caption>
 *   <tr><th>route</th><th>scope</th><th>success</th></tr>
 *   <tr><td>{@code POST /api/v1/tokens}</td><td>{@value #WRITE_SCOPE}</td><td>201</td></tr>
 *   <tr><td>{@code GET /api/v1/tokens}</td><td>{@value #READ_SCOPE}</td><td>200</td></tr>
 *   <tr><td>{@code GET /api/v1/tokens/{id}}</td><td>{@value #READ_SCOPE}</td><td>200</td></tr>
 *   <tr><td>{@code GET /api/v1/tokens/{id}/events}</td><td>{@value #READ_SCOPE}</td><td>200</td></tr>
 *   <tr><td>{@code POST /api/v1/tokens/{id}/revoke}</td><td>{@value #WRITE_SCOPE}</td><td>201</td></tr>
 *   <tr><td>{@code POST /api/v1/tokens/{id}/suspend}</td><td>{@value #WRITE_SCOPE}</td><td>200</td></tr>
 *   <tr><td>{@code POST /api/v1/tokens/{id}/activate}</td><td>{@value #WRITE_SCOPE}</td><td>200</td></tr>
 *   <tr><td>{@code DELETE /api/v1/tokens/{id}}</td><td>{@value #WRITE_SCOPE}</td><td>204</td></tr>
 *   <tr><td>{@code POST /api/v1/tokens/{id}/roll}</td><td>{@value #WRITE_SCOPE}</td><td>201</td></tr>
 *   <tr><td>{@code POST /api/v1/admin/tokens/revoke}, {@code …/suspend}, {@code …/activate}</td>
 *       <td>{@value #ADMIN_SCOPE}</td><td>200</td></tr>
 *   <tr><td>{@code POST /api/v1/tokens/leaks}</td><td>{@value #REPORT_LEAKS_SCOPE}</td>
 *       <td>200</td></tr>
 *   <tr><td>{@code POST /oauth2/introspect}</td><td>{@value #INTROSPECT_SCOPE}</td><td>200</td></tr>
 *   <tr><td>{@code GET /.well-known/jwks.json}</td><td>none, no token</td><td>200</td></tr>
 *   <tr><td>{@code GET /openapi.json}</td><td>none, no token</td><td>200</td></tr>
 *   <tr><td>{@code GET /statuslists/{n}}</td><td>none, no token (with {@link #withStatusLists})</td><td>200, 304</td></tr>
 * </table>
 *
 * <p>Order of checks, as FastAPI does them: route (404 {@code Not Found}, 405 {@code Method Not
 * Allowed}), authentication (401), scope (403 {@code insufficient_scope}), then the body and query
 * (422), then the lifecycle (404, 409, 422, 503). The caller is the authenticated token's subject
 * in the token's business; the business check of {@code x-business-id} is the authenticator's
 * ({@link BearerAuthenticator}). The admin routes act on every token of the caller's business (or
 * of one subject in it), never on another business. The caller's changes record the request's
 * {@link ApiRequest#clientIp()} and {@link ApiRequest#userAgent()} with their lifecycle events.
 * Introspection (RFC 7662) answers for tokens of the caller's business only; a leak report revokes
 * live tokens of any owner (holding the string is the proof), is rate-limited per calling token
 * (429 first) and reveals nothing per token. No request a client can send makes it throw: every
 * failure is a response. Thread-safe.
 */
public final class TokenApi {

  /** The scope to list and read tokens. */
  public static final String READ_SCOPE = "tokens:read";

  /** The scope to create, revoke, suspend, activate, roll and delete tokens. */
  public static final String WRITE_SCOPE = "tokens:write";

  /**
   * The scope of a business admin: revoke, suspend or activate every token of the caller's
   * business, or of one subject in it ({@value #ADMIN_TOKENS_PATH}{@code /…}).
   */
  public static final String ADMIN_SCOPE = "tokens:admin";

  /**
   * The scope to introspect tokens ({@value #INTROSPECT_PATH}, RFC 7662): for resource servers,
   * which learn the state and claims of tokens of their own business.
   */
  public static final String INTROSPECT_SCOPE = "tokens:introspect";

  /**
   * The scope to report leaked tokens ({@value #LEAKS_PATH}): each live token reported is revoked,
   * whoever owns it.
   */
  public static final String REPORT_LEAKS_SCOPE = "tokens:report-leaks";

  /** The token introspection endpoint (RFC 7662 §2), at the root as the JWK Set. */
  public static final String INTROSPECT_PATH = "/oauth2/introspect";

  /** The collection path. */
  public static final String TOKENS_PATH = "/api/v1/tokens";

  /**
   * The prefix of the owner-level routes: {@code POST …/revoke}, {@code …/suspend}, {@code
   * …/activate}.
   */
  public static final String ADMIN_TOKENS_PATH = "/api/v1/admin/tokens";

  /** The leak report path ({@code POST}): under the collection, so its mappings cover it. */
  public static final String LEAKS_PATH = TOKENS_PATH + "/leaks";

  /** Leak reports a calling token may send per minute unless configured. */
  public static final int DEFAULT_LEAK_REPORTS_PER_MINUTE = 10;

  /** The most leak reports per minute that may be configured. */
  public static final int MAX_LEAK_REPORTS_PER_MINUTE = 10_000;

  /**
   * The bound of a leak report's body whatever {@link #maxBodyBytes()} is: 1 MiB, the most any body
   * may be (1,000 tokens of up to 1,040 characters; longer ones in smaller reports).
   */
  public static final int LEAK_REPORT_MAX_BODY_BYTES = 1024 * 1024;

  /** The JWK Set path. */
  public static final String JWKS_PATH = "/.well-known/jwks.json";

  /** The path of the API's OpenAPI document (public, as the JWK Set). */
  public static final String OPENAPI_PATH = "/openapi.json";

  /** Default bound of a request body: 64 KiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  /** The longest adapters wait for a whole request body before answering {@link #bodyTimeout()}. */
  public static final Duration BODY_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(TokenApi.class);
  private final AtomicLong storeFailures = new AtomicLong();

  private final TokenService service;
  private final KeySetHolder keys;
  private final HttpErrors errors;
  private final int maxBodyBytes;
  private final Introspection introspection;
  private final LeakReports leaks;
  private final @Nullable StatusListEndpoint statusLists;

  private TokenApi(
      TokenService service,
      TokenVerifier verifier,
      HttpErrors errors,
      int maxBodyBytes,
      int leakReportsPerMinute) {
    this(
        service,
        Objects.requireNonNull(verifier, "verifier").keys(),
        errors,
        maxBodyBytes,
        new Introspection(verifier, errors),
        new LeakReports(service, verifier, leakReportsPerMinute),
        null);
  }

  private TokenApi(
      TokenService service,
      KeySetHolder keys,
      HttpErrors errors,
      int maxBodyBytes,
      Introspection introspection,
      LeakReports leaks,
      @Nullable StatusListEndpoint statusLists) {
    this.service = Objects.requireNonNull(service, "service");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.maxBodyBytes = maxBodyBytes;
    this.introspection = introspection;
    this.leaks = leaks;
    this.statusLists = statusLists;
  }

  /**
   * This API, also serving the Token Status Lists of {@code endpoint} at {@value
   * StatusListEndpoint#PATH}{@code /{n}} (no token needed). Returns a new API (sharing this one's
   * leak-report rate limits); this one is unchanged.
   */
  public TokenApi withStatusLists(StatusListEndpoint endpoint) {
    return new TokenApi(
        service,
        keys,
        errors,
        maxBodyBytes,
        introspection,
        leaks,
        Objects.requireNonNull(endpoint, "endpoint"));
  }

  /** The status list endpoint served, or {@code null}. */
  public @Nullable StatusListEndpoint statusLists() {
    return statusLists;
  }

  /**
   * An API over {@code service}, introspecting with {@code verifier} and publishing the public keys
   * of its key set, with default errors and limits.
   */
  public static TokenApi create(TokenService service, TokenVerifier verifier) {
    return new TokenApi(
        service,
        verifier,
        HttpErrors.defaults(),
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_LEAK_REPORTS_PER_MINUTE);
  }

  /**
   * An API over {@code service}, introspecting with {@code verifier} (and publishing the public
   * keys of its key set), answering failures with {@code errors}, refusing bodies over {@code
   * maxBodyBytes} (1 KiB to 1 MiB) with 413, and accepting {@code leakReportsPerMinute} (1 to
   * {@value #MAX_LEAK_REPORTS_PER_MINUTE}) leak reports per minute from each calling token.
   */
  public static TokenApi create(
      TokenService service,
      TokenVerifier verifier,
      HttpErrors errors,
      int maxBodyBytes,
      int leakReportsPerMinute) {
    if (maxBodyBytes < 1024 || maxBodyBytes > 1024 * 1024) {
      throw new IllegalArgumentException(
          "maxBodyBytes must be 1024 to 1048576, got " + maxBodyBytes);
    }
    return new TokenApi(
        service, verifier, errors, maxBodyBytes, requireLeakReportsPerMinute(leakReportsPerMinute));
  }

  /**
   * The one rule of every adapter for the leak report rate: 1 to {@value
   * #MAX_LEAK_REPORTS_PER_MINUTE} per minute.
   *
   * @return {@code perMinute}
   * @throws IllegalArgumentException with a message saying why, otherwise
   */
  public static int requireLeakReportsPerMinute(int perMinute) {
    if (perMinute < 1 || perMinute > MAX_LEAK_REPORTS_PER_MINUTE) {
      throw new IllegalArgumentException(
          "leakReportsPerMinute must be 1 to "
              + MAX_LEAK_REPORTS_PER_MINUTE
              + ", got "
              + perMinute);
    }
    return perMinute;
  }

  /** The largest body the API reads; adapters answer {@link #bodyTooLarge()} past it. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * The largest body the API reads for {@code path} (the path inside the API, as in {@link
   * ApiRequest#path()}): {@link #LEAK_REPORT_MAX_BODY_BYTES} for {@value #LEAKS_PATH}, {@link
   * #maxBodyBytes()} for every other.
   */
  public int maxBodyBytes(String path) {
    return path.equals(LEAKS_PATH)
        ? Math.max(maxBodyBytes, LEAK_REPORT_MAX_BODY_BYTES)
        : maxBodyBytes;
  }

  /** Leak reports each calling token may send per minute. */
  public int leakReportsPerMinute() {
    return leaks.perMinute();
  }

  /** The errors this API answers with. */
  public HttpErrors errors() {
    return errors;
  }

  /**
   * 413 {@code Request body too large}: what adapters send for a body over {@link #maxBodyBytes()}.
   */
  public ApiResponse bodyTooLarge() {
    return errors.status(413, "Request body too large");
  }

  /**
   * 408 {@code Request body not received in time}: what adapters send when a declared body has not
   * fully arrived {@link #BODY_TIMEOUT} after the request started. The connection is closed.
   */
  public ApiResponse bodyTimeout() {
    return HttpErrors.response(
        408, Map.of("Connection", "close"), Json.detail("Request body not received in time"));
  }

  /** 400 {@code Request body incomplete}: the client ended the stream before the declared body. */
  public ApiResponse bodyIncomplete() {
    return HttpErrors.response(
        400, Map.of("Connection", "close"), Json.detail("Request body incomplete"));
  }

  /** Answers {@code request}. Never throws for anything in the request. */
  public ApiResponse handle(ApiRequest request) {
    try {
      ApiResponse response = route(request);
      long failed = storeFailures.get() == 0 ? 0 : storeFailures.getAndSet(0);
      if (failed > 0) {
        LOG.info("dz-auth API: the token store answers again, after {} failed requests", failed);
      }
      return response;
    } catch (DzAuthException e) {
      if (e.reason() == Reason.STORE_UNAVAILABLE) {
        // One line per outage: the requests after the first are counted, not logged.
        if (storeFailures.getAndIncrement() == 0) {
          LOG.warn(
              "dz-auth API: {} {} failed: {} (further failures counted until the store answers)",
              request.method(),
              request.path(),
              e.getMessage());
        }
      } else if (!e.reason().kind().isClientFault()) {
        LOG.warn("dz-auth API: {} {} failed: {}", request.method(), request.path(), e.getMessage());
      }
      return errors.failure(e);
    } catch (RuntimeException e) {
      // A bug of ours, not the client's: a plain 500 with the contract's body, never a stack trace.
      LOG.error(
          "dz-auth API: {} {} failed unexpectedly: {}",
          request.method(),
          request.path(),
          e.getClass().getName());
      return errors.status(500, "Internal Server Error");
    }
  }

  private ApiResponse route(ApiRequest r) {
    String path = r.path();
    String method = r.method();
    StatusListEndpoint lists = statusLists;
    if (lists != null && StatusListEndpoint.matches(path)) {
      return lists.handle(r, errors);
    }
    if (path.equals(JWKS_PATH)) {
      if (!method.equals("GET")) {
        return methodNotAllowed("GET");
      }
      byte[] body = keys.current().toPublicJwkSetJson().getBytes(StandardCharsets.UTF_8);
      return HttpErrors.response(200, Map.of("Cache-Control", "public, max-age=300"), body);
    }
    if (path.equals(OPENAPI_PATH)) {
      return method.equals("GET") ? OpenApiDocument.response() : methodNotAllowed("GET");
    }
    if (path.equals(INTROSPECT_PATH)) {
      return method.equals("POST")
          ? withToken(r, INTROSPECT_SCOPE, token -> introspection.answer(r, token))
          : methodNotAllowed("POST");
    }
    if (path.equals(LEAKS_PATH) && method.equals("POST")) {
      // Any other method falls through to the token routes (a token id is never "leaks": 404).
      return withToken(r, REPORT_LEAKS_SCOPE, token -> leaks.answer(r, token));
    }
    if (path.equals(TOKENS_PATH)) {
      return switch (method) {
        case "GET" ->
            withScope(
                r,
                READ_SCOPE,
                caller ->
                    ok(200, Representations.page(service.list(caller, Queries.listQuery(r)))));
        case "POST" ->
            withScope(
                r,
                WRITE_SCOPE,
                caller -> {
                  CreateTokenRequest body = Bodies.createRequest(r.body(), service);
                  return ok(201, Representations.created(service.create(caller, body)));
                });
        default -> methodNotAllowed("GET, POST");
      };
    }
    if (path.startsWith(ADMIN_TOKENS_PATH + "/")) {
      return admin(r, path.substring(ADMIN_TOKENS_PATH.length() + 1));
    }
    if (!path.startsWith(TOKENS_PATH + "/")) {
      return notFound();
    }
    String[] rest = path.substring(TOKENS_PATH.length() + 1).split("/", -1);
    String id = rest[0];
    if (id.isEmpty() || rest.length > 2) {
      return notFound();
    }
    if (rest.length == 1) {
      return switch (method) {
        case "GET" ->
            withScope(
                r,
                READ_SCOPE,
                caller ->
                    ok(
                        200,
                        Representations.tokenDetails(
                            service.get(caller, id), service.clock().instant())));
        case "DELETE" ->
            withScope(
                r,
                WRITE_SCOPE,
                caller -> {
                  service.delete(caller, id);
                  return HttpErrors.response(204, Map.of(), new byte[0]);
                });
        default -> methodNotAllowed("GET, DELETE");
      };
    }
    String action = rest[1];
    if (action.equals("events")) {
      if (!method.equals("GET")) {
        return methodNotAllowed("GET");
      }
      return withScope(
          r,
          READ_SCOPE,
          caller -> {
            Queries.EventsQuery q = Queries.eventsQuery(r);
            return ok(
                200, Representations.events(service.events(caller, id, q.cursor(), q.limit())));
          });
    }
    if (!action.equals("revoke")
        && !action.equals("suspend")
        && !action.equals("activate")
        && !action.equals("roll")) {
      return notFound();
    }
    if (!method.equals("POST")) {
      return methodNotAllowed("POST");
    }
    return withScope(
        r,
        WRITE_SCOPE,
        caller ->
            switch (action) {
              case "revoke" ->
                  ok(
                      201,
                      Representations.revoked(
                          service.revoke(caller, id, Bodies.revokeReason(r.body()))));
              case "suspend" -> ok(200, Representations.token(service.suspend(caller, id)));
              case "roll" -> roll(caller, id, Bodies.rollGracePeriod(r.body()));
              default -> ok(200, Representations.token(service.activate(caller, id)));
            });
  }

  /**
   * {@code POST /api/v1/tokens/{id}/roll}: 201 with the successor (its token shown this once) and
   * the replaced record. A token rolled before (a retried request whose answer was lost, say) is a
   * 409 whose {@code detail} names the successor's id: the successor's token is never shown twice.
   */
  private ApiResponse roll(Caller caller, String id, Duration gracePeriod) {
    try {
      return ok(201, Representations.rolled(service.roll(caller, id, gracePeriod)));
    } catch (DzAuthException e) {
      if (e.reason() != Reason.INVALID_STATE) {
        throw e;
      }
      String successor;
      try {
        successor = service.get(caller, id).rolledTo();
      } catch (DzAuthException again) {
        e.addSuppressed(again);
        throw e;
      }
      if (successor == null) {
        throw e;
      }
      return errors.status(409, "Token was already rolled; its successor is " + successor);
    }
  }

  /**
   * {@code POST /api/v1/admin/tokens/{revoke|suspend|activate}}: an owner-level change in the
   * caller's own business, for every subject ({@code subject} absent or {@code null}) or one.
   */
  private ApiResponse admin(ApiRequest r, String rest) {
    OwnerAction action =
        switch (rest) {
          case "revoke" -> OwnerAction.REVOKE;
          case "suspend" -> OwnerAction.SUSPEND;
          case "activate" -> OwnerAction.ACTIVATE;
          default -> null;
        };
    if (action == null) {
      return notFound();
    }
    if (!r.method().equals("POST")) {
      return methodNotAllowed("POST");
    }
    return withScope(
        r,
        ADMIN_SCOPE,
        caller -> {
          Bodies.OwnerChangeBody body = Bodies.ownerChange(r.body());
          String subject = body.subject();
          OwnerScope owner =
              subject == null
                  ? OwnerScope.business(caller.businessId())
                  : OwnerScope.subject(caller.businessId(), subject);
          OwnerChangeResult result =
              service.changeOwner(
                  caller, new OwnerChangeRequest(owner, action, body.reason(), body.dryRun()));
          return ok(200, Representations.ownerChange(result));
        });
  }

  private interface Handler {
    ApiResponse handle(Caller caller);
  }

  private interface TokenHandler {
    ApiResponse handle(VerifiedToken caller);
  }

  private ApiResponse withToken(ApiRequest r, String scope, TokenHandler handler) {
    VerifiedToken token = r.token();
    if (token == null) {
      return errors.notAuthenticated();
    }
    if (!token.hasScope(scope)) {
      return errors.insufficientScope(List.of(scope));
    }
    return handler.handle(token);
  }

  private ApiResponse withScope(ApiRequest r, String scope, Handler handler) {
    VerifiedToken token = r.token();
    if (token == null) {
      return errors.notAuthenticated();
    }
    if (!token.hasScope(scope)) {
      return errors.insufficientScope(List.of(scope));
    }
    return handler.handle(Caller.of(token).from(r.clientIp(), r.userAgent()));
  }

  private static ApiResponse ok(int status, @Nullable Object body) {
    return HttpErrors.response(status, Map.of(), Json.write(body));
  }

  private ApiResponse notFound() {
    return errors.status(404, "Not Found");
  }

  private ApiResponse methodNotAllowed(String allow) {
    ApiResponse r = errors.status(405, "Method Not Allowed");
    Map<String, String> headers = new java.util.LinkedHashMap<>(r.headers());
    headers.put("Allow", allow);
    return new ApiResponse(405, headers, r.body());
  }
}
