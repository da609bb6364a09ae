package dev.dzauth.spring.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.servlet.DzPrincipal;
import dev.dzauth.servlet.DzTokenApiServlet;
import dev.dzauth.servlet.jetty.JettyHardening;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryStatusListIndex;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One HTTP contract, two adapters: every row's request is sent, as the same raw bytes, over real
 * keep-alive sockets to (1) {@link DzAuthFilter} + {@link DzTokenApiServlet} on a real Jetty 12
 * (ee11, hardened with {@link JettyHardening}) and (2) the Spring Boot starter (default security
 * chain, management API) on its default embedded Tomcat; status, headers and body bytes must be
 * identical, and no answer is a 500.
 *
 * <p>Both sides trust the same ES256 key, use realm {@code conformance} and {@code Retry-After} 7 s
 * ({@code dz.auth.http.retry-after} on the Spring side, {@code retryAfter} on the filter), and hold
 * the same fixtures (users, businesses, tokens in the same states), each in its own store: rows
 * that change state change it alike on both sides.
 *
 * <p><b>What is compared.</b> The status; the body bytes; every header, by lower-cased name and
 * exact value, duplicates kept, except:
 *
 * <ul>
 *   <li>transport framing, which is each container's business and says nothing about dz-auth:
 *       {@code Date}, {@code Server}, {@code Connection}, {@code Keep-Alive}, {@code
 *       Transfer-Encoding}, {@code Content-Length} (the body bytes are compared instead);
 *   <li>per-run values, replaced on both sides before comparing: the fixtures' token strings, token
 *       ids and jtis (by name, e.g. {@code <TOKEN.id>}), any other {@code dz_} token, UUID (ids of
 *       tokens created by a row), timestamp (and an introspection answer's {@code exp} and {@code
 *       iat} seconds), {@code token_prefix} and paging cursor;
 *   <li>on the one kind of answer dz-auth does not write — the application's own 200 of the
 *       protected resource — Spring Security's default security headers ({@link
 *       #SPRING_SECURITY_APPLICATION_HEADERS}), which the servlet filter deliberately does not add
 *       to an application's responses (docs/RATIONALE.md, "One HTTP layer for both adapters"). They
 *       are not ignored silently: the test asserts Spring sent exactly those. Every answer dz-auth
 *       writes itself (401, 403, 503, the token API, the JWK Set, the OpenAPI document) carries
 *       {@link HttpErrors#SECURITY_HEADERS} on both sides and is compared whole.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class AdapterConformanceIT {

  static final TokenKey KEY = TestKeys.es256();
  static final String ISSUER = "https://conformance.test";
  static final String REALM = "conformance";
  static final String BUSINESS = "0b6f5c6b-4f2e-4d0a-9a55-3f1c2d7e8a90";
  static final String OTHER_BUSINESS = "5c6b0b6f-1111-4222-8333-444455556666";
  static final Set<String> READ_WRITE = Set.of("tokens:read", "tokens:write");
  static final Set<String> WITH_ADMIN = Set.of("tokens:read", "tokens:write", "tokens:admin");

  /** What Spring Security's default header writers add to the application's own answers. */
  static final Map<String, String> SPRING_SECURITY_APPLICATION_HEADERS =
      Map.of(
          "x-content-type-options", "nosniff",
          "x-xss-protection", "0",
          "cache-control", "no-cache, no-store, max-age=0, must-revalidate",
          "pragma", "no-cache",
          "expires", "0",
          "x-frame-options", "DENY");

  private static final Set<String> FRAMING =
      Set.of("date", "server", "connection", "keep-alive", "transfer-encoding", "content-length");

  private Side servlet;
  private Side spring;
  private Server jetty;
  private StatusListPublisher lists;
  private ConfigurableApplicationContext context;

  // ---------------------------------------------------------------------------------------------
  // The rows
  // ---------------------------------------------------------------------------------------------

  /** One request of the table: a name that says what it probes, and the request to send. */
  record Row(String name, Req request, boolean storeDown, boolean applicationAnswer, int decided) {
    Row(String name, Req request, boolean storeDown, boolean applicationAnswer) {
      this(name, request, storeDown, applicationAnswer, 0);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A request template; {@code {NAME}}, {@code {NAME.id}} and {@code {NAME.jti}} are replaced by
   * the side's fixture values (in the target, the headers and a UTF-8 body); {@code Content-Length}
   * is computed from the body unless {@code chunked}.
   */
  record Req(
      String method,
      String target,
      List<String> headers,
      byte @Nullable [] body,
      boolean chunked) {}

  private static final String ME = "/api/v1/me";
  private static final String TOKENS = "/api/v1/tokens";
  private static final String ADMIN = "/api/v1/admin/tokens";
  private static final String JWKS = "/.well-known/jwks.json";
  private static final String OPENAPI = "/openapi.json";
  private static final String LISTS = "/statuslists";
  private static final String JSON = "Content-Type: application/json";
  private static final String INTROSPECT = "/oauth2/introspect";
  private static final String LEAKS = "/api/v1/tokens/leaks";
  private static final String FORM = "Content-Type: application/x-www-form-urlencoded";
  private static final String INTROSPECTOR = "Authorization: Bearer {INTROSPECTOR}";
  private static final String REPORTER = "Authorization: Bearer {REPORTER}";
  private static final String REPORTER2 = "Authorization: Bearer {REPORTER2}";

  /** Leak reports per minute on both sides: the sixth report of one token is a 429. */
  static final int LEAK_REPORTS_PER_MINUTE = 5;

  private static Req get(String target, String... headers) {
    return new Req("GET", target, List.of(headers), null, false);
  }

  private static Req req(String method, String target, @Nullable String body, String... headers) {
    return new Req(
        method,
        target,
        List.of(headers),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        false);
  }

  private static Req chunked(String method, String target, String body, String... headers) {
    return new Req(method, target, List.of(headers), body.getBytes(StandardCharsets.UTF_8), true);
  }

  private static Row row(String name, Req r) {
    return new Row(name, r, false, false);
  }

  /**
   * A row whose status is a decision of docs/RATIONALE.md: both adapters must also answer {@code
   * status}.
   */
  private static Row decided(String name, Req r, int status) {
    return new Row(name, r, false, false, status);
  }

  private static Row app(String name, Req r) {
    return new Row(name, r, false, true);
  }

  private static final String AUTH = "Authorization: Bearer {TOKEN}";
  private static final String UA = "User-Agent: conformance/1.0 (dz-auth)";

  static Stream<Row> rows() {
    String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
    String deep = "[".repeat(40) + "]".repeat(40);
    StringBuilder thousandAndOne = new StringBuilder("{\"tokens\":[");
    for (int i = 0; i < 1001; i++) {
      thousandAndOne.append(i == 0 ? "" : ",").append("\"dz_").append(i).append('"');
    }
    thousandAndOne.append("]}");
    return Stream.of(
        // --- Authorization header forms, on the protected resource
        row("no Authorization header", get(ME)),
        app("Bearer token", get(ME, AUTH)),
        app("scheme lower case", get(ME, "Authorization: bearer {TOKEN}")),
        app("scheme upper case", get(ME, "Authorization: BEARER {TOKEN}")),
        app("scheme mixed case", get(ME, "Authorization: bEaReR {TOKEN}")),
        app("two spaces after the scheme", get(ME, "Authorization: Bearer  {TOKEN}")),
        app("leading whitespace before the scheme", get(ME, "Authorization:   Bearer {TOKEN}")),
        app("trailing tab after the token", get(ME, "Authorization: Bearer {TOKEN}\t")),
        decided("tab between scheme and token", get(ME, "Authorization: Bearer\t{TOKEN}"), 401),
        decided(
            "space then tab between scheme and token",
            get(ME, "Authorization: Bearer \t{TOKEN}"),
            401),
        row("scheme only", get(ME, "Authorization: Bearer")),
        row("scheme and a space only", get(ME, "Authorization: Bearer ")),
        row("empty Authorization header", get(ME, "Authorization:")),
        row("Basic scheme", get(ME, "Authorization: Basic dXNlcjpwYXNz")),
        row("scheme glued to the token", get(ME, "Authorization: Bearer{TOKEN}")),
        decided("token with a space inside", get(ME, "Authorization: Bearer {TOKEN} extra"), 401),
        row("not a dz_ token", get(ME, "Authorization: Bearer abc.def.ghi")),
        row("dz_ garbage", get(ME, "Authorization: Bearer dz_garbage")),
        row("dz_ prefix only", get(ME, "Authorization: Bearer dz_")),
        row("token with its letter case changed", get(ME, "Authorization: Bearer {TOKEN.case}")),
        row("token with a forged signature", get(ME, "Authorization: Bearer {TOKEN.forged}")),
        row("revoked token", get(ME, "Authorization: Bearer {REVOKED}")),
        row("suspended token", get(ME, "Authorization: Bearer {SUSPENDED}")),
        decided("two Authorization headers, same token", get(ME, AUTH, AUTH), 401),
        decided(
            "two Authorization headers, Bearer and Basic",
            get(ME, AUTH, "Authorization: Basic dXNlcjpwYXNz"),
            401),
        app("header name in lower case", get(ME, "authorization: Bearer {TOKEN}")),
        row("token in the query string only", get(ME + "?access_token={TOKEN}")),

        // --- x-business-id
        app("business id equal", get(ME, AUTH, "x-business-id: " + BUSINESS)),
        app(
            "business id in upper case (same UUID)",
            get(ME, AUTH, "x-business-id: " + BUSINESS.toUpperCase(Locale.ROOT))),
        app(
            "business id with surrounding spaces",
            get(ME, AUTH, "x-business-id:   " + BUSINESS + "  ")),
        decided(
            "business id of another business",
            get(ME, AUTH, "x-business-id: " + OTHER_BUSINESS),
            403),
        row("business id not a UUID", get(ME, AUTH, "x-business-id: acme")),
        row("business id empty", get(ME, AUTH, "x-business-id:")),
        decided(
            "two business id headers",
            get(ME, AUTH, "x-business-id: " + BUSINESS, "x-business-id: " + BUSINESS),
            403),
        row(
            "business id header name in upper case, other business",
            get(ME, AUTH, "X-Business-Id: " + OTHER_BUSINESS)),
        row(
            "another business's token with this business",
            get(ME, "Authorization: Bearer {OTHER}", "x-business-id: " + BUSINESS)),
        row("business id without a token", get(ME, "x-business-id: " + BUSINESS)),

        // --- x-environment-id
        app(
            "environment token, its own environment",
            get(ME, "Authorization: Bearer {ENV}", "x-environment-id: env-prod")),
        app(
            "environment token, own environment with surrounding spaces",
            get(ME, "Authorization: Bearer {ENV}", "X-Environment-Id:   env-prod  ")),
        app("environment token, no environment header", get(ME, "Authorization: Bearer {ENV}")),
        decided(
            "environment token, another environment",
            get(ME, "Authorization: Bearer {ENV}", "x-environment-id: env-staging"),
            403),
        decided(
            "environment token, another environment, token API",
            get(TOKENS, "Authorization: Bearer {ENV}", "x-environment-id: env-staging"),
            403),
        decided(
            "environment token, two environment headers",
            get(
                ME,
                "Authorization: Bearer {ENV}",
                "x-environment-id: env-prod",
                "x-environment-id: env-prod"),
            403),
        app("account token naming an environment", get(ME, AUTH, "x-environment-id: env-dev")),
        decided("account token, empty environment header", get(ME, AUTH, "x-environment-id:"), 403),
        decided(
            "environment header, wrong business first",
            get(
                ME,
                "Authorization: Bearer {ENV}",
                "x-business-id: " + OTHER_BUSINESS,
                "x-environment-id: env-staging"),
            403),
        row("environment header without a token", get(ME, "x-environment-id: env-prod")),

        // --- token API: authentication and scopes
        row("list without a token", get(TOKENS)),
        row("create without a token", req("POST", TOKENS, "{\"name\":\"n\"}", JSON)),
        row("list with a tab-separated token", get(TOKENS, "Authorization: Bearer\t{TOKEN}")),
        row(
            "create with a read-only token",
            req("POST", TOKENS, "{\"name\":\"n\"}", JSON, "Authorization: Bearer {READER}")),
        row(
            "list, the other user's single token",
            get(TOKENS + "?include_total_count=true", "Authorization: Bearer {OTHER}")),
        row(
            "list with a read-only token, wrong business",
            get(TOKENS, "Authorization: Bearer {READER}", "x-business-id: " + OTHER_BUSINESS)),

        // --- token API: create bodies
        row(
            "create",
            req("POST", TOKENS, "{\"name\":\"ci\",\"description\":\"made by a row\"}", JSON, AUTH)),
        row(
            "create with expires_in_days null",
            req("POST", TOKENS, "{\"name\":\"forever\",\"expires_in_days\":null}", JSON, AUTH)),
        row("create, malformed JSON", req("POST", TOKENS, "{\"name\":", JSON, AUTH)),
        row("create, JSON array body", req("POST", TOKENS, "[]", JSON, AUTH)),
        row("create, empty body", req("POST", TOKENS, "", JSON, AUTH)),
        row("create, no body at all", req("POST", TOKENS, null, AUTH)),
        row("create, empty name", req("POST", TOKENS, "{\"name\":\"\"}", JSON, AUTH)),
        row("create, name not a string", req("POST", TOKENS, "{\"name\":123}", JSON, AUTH)),
        row(
            "create, expires_in_days 0",
            req("POST", TOKENS, "{\"name\":\"x\",\"expires_in_days\":0}", JSON, AUTH)),
        decided(
            "create, expires_in_days 400",
            req("POST", TOKENS, "{\"name\":\"x\",\"expires_in_days\":400}", JSON, AUTH),
            422),
        row(
            "create, expires_in_days not a number",
            req("POST", TOKENS, "{\"name\":\"x\",\"expires_in_days\":\"abc\"}", JSON, AUTH)),
        row(
            "create, expires_in_days fractional",
            req("POST", TOKENS, "{\"name\":\"x\",\"expires_in_days\":1.5}", JSON, AUTH)),
        row(
            "create, every violation at once",
            req(
                "POST",
                TOKENS,
                "{\"name\":\"\",\"description\":5,\"expires_in_days\":true,\"scopes\":\"x\"}",
                JSON,
                AUTH)),
        row(
            "create, a scope the caller lacks",
            req("POST", TOKENS, "{\"name\":\"x\",\"scopes\":[\"admin\"]}", JSON, AUTH)),
        row(
            "create, text/plain content type",
            req("POST", TOKENS, "{\"name\":\"plain\"}", "Content-Type: text/plain", AUTH)),
        row("create, no content type", req("POST", TOKENS, "{\"name\":\"untyped\"}", AUTH)),
        row(
            "create, form content type",
            req(
                "POST",
                TOKENS,
                "name=form",
                "Content-Type: application/x-www-form-urlencoded",
                AUTH)),
        decided(
            "create, body too large (Content-Length)", req("POST", TOKENS, big, JSON, AUTH), 413),
        decided("create, body too large (chunked)", chunked("POST", TOKENS, big, JSON, AUTH), 413),
        row(
            "create, small chunked body",
            chunked("POST", TOKENS, "{\"name\":\"chunked\"}", JSON, AUTH)),
        row("create, nesting too deep", req("POST", TOKENS, deep, JSON, AUTH)),
        decided(
            "create an environment token",
            req(
                "POST",
                TOKENS,
                "{\"name\":\"env-made\",\"environment_id\":\"env-prod\"}",
                JSON,
                AUTH),
            201),
        decided(
            "create an account token, token_scope account",
            req("POST", TOKENS, "{\"name\":\"acct\",\"token_scope\":\"account\"}", JSON, AUTH),
            201),
        decided(
            "create, token_scope not a literal",
            req("POST", TOKENS, "{\"name\":\"x\",\"token_scope\":\"global\"}", JSON, AUTH),
            422),
        decided(
            "create, token_scope not a string",
            req("POST", TOKENS, "{\"name\":\"x\",\"token_scope\":7}", JSON, AUTH),
            422),
        decided(
            "create, token_scope environment without environment_id",
            req("POST", TOKENS, "{\"name\":\"x\",\"token_scope\":\"environment\"}", JSON, AUTH),
            422),
        decided(
            "create, token_scope account with an environment_id",
            req(
                "POST",
                TOKENS,
                "{\"name\":\"x\",\"token_scope\":\"account\",\"environment_id\":\"env\"}",
                JSON,
                AUTH),
            422),
        decided(
            "create, environment_id not a string",
            req("POST", TOKENS, "{\"name\":\"x\",\"environment_id\":[]}", JSON, AUTH),
            422),
        decided(
            "create, environment_id empty",
            req("POST", TOKENS, "{\"name\":\"x\",\"environment_id\":\"\"}", JSON, AUTH),
            422),
        decided(
            "create, environment_id too long",
            req(
                "POST",
                TOKENS,
                "{\"name\":\"x\",\"environment_id\":\"" + "e".repeat(129) + "\"}",
                JSON,
                AUTH),
            422),
        decided(
            "create, every scope violation at once",
            req(
                "POST",
                TOKENS,
                "{\"name\":\"\",\"token_scope\":1,\"environment_id\":5}",
                JSON,
                AUTH),
            422),
        decided(
            "environment token creates a token of its environment",
            req("POST", TOKENS, "{\"name\":\"child\"}", JSON, "Authorization: Bearer {ENV}"),
            201),
        decided(
            "environment token creates an account token",
            req(
                "POST",
                TOKENS,
                "{\"name\":\"x\",\"token_scope\":\"account\"}",
                JSON,
                "Authorization: Bearer {ENV}"),
            403),
        decided(
            "environment token creates a token of another environment",
            req(
                "POST",
                TOKENS,
                "{\"name\":\"x\",\"environment_id\":\"env-dev\"}",
                JSON,
                "Authorization: Bearer {ENV}"),
            403),
        decided("get an environment token", get(TOKENS + "/{ENV.id}", AUTH), 200),
        row(
            "create, invalid UTF-8",
            new Req(
                "POST",
                TOKENS,
                List.of(JSON, AUTH),
                new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, '"', '}'},
                false)),

        // --- token API: one token
        row("get a token", get(TOKENS + "/{DETAILS.id}", AUTH)),
        row("get another user's token", get(TOKENS + "/{OTHER.id}", AUTH)),
        row(
            "get an unknown token",
            get(TOKENS + "/" + "00000000-0000-4000-8000-000000000000", AUTH)),
        row("suspend", req("POST", TOKENS + "/{TARGET.id}/suspend", null, AUTH)),
        row("suspend again (no-op)", req("POST", TOKENS + "/{TARGET.id}/suspend", null, AUTH)),
        row("activate", req("POST", TOKENS + "/{TARGET.id}/activate", null, AUTH)),
        row(
            "revoke with a reason",
            req("POST", TOKENS + "/{TARGET.id}/revoke", "{\"reason\":\"rotated\"}", JSON, AUTH)),
        row(
            "revoke again: first revocation kept",
            req("POST", TOKENS + "/{TARGET.id}/revoke", "{\"reason\":\"other\"}", JSON, AUTH)),
        row("activate a revoked token", req("POST", TOKENS + "/{TARGET.id}/activate", null, AUTH)),
        row(
            "revoke, reason not a string",
            req("POST", TOKENS + "/{DETAILS.id}/revoke", "{\"reason\":5}", JSON, AUTH)),
        // --- token API: events (the client address and user agent each container saw)
        decided(
            "suspend with a user agent",
            req("POST", TOKENS + "/{AUDITED.id}/suspend", null, AUTH, UA),
            200),
        decided(
            "revoke with a user agent",
            req(
                "POST",
                TOKENS + "/{AUDITED.id}/revoke",
                "{\"reason\":\"audited\"}",
                JSON,
                AUTH,
                UA),
            201),
        decided("events", get(TOKENS + "/{AUDITED.id}/events", AUTH), 200),
        decided("events, a page of two", get(TOKENS + "/{AUDITED.id}/events?limit=2", AUTH), 200),
        decided("events, limit 0", get(TOKENS + "/{AUDITED.id}/events?limit=0", AUTH), 422),
        decided("events, limit 101", get(TOKENS + "/{AUDITED.id}/events?limit=101", AUTH), 422),
        decided(
            "events, limit not a number", get(TOKENS + "/{AUDITED.id}/events?limit=x", AUTH), 422),
        decided(
            "events, garbage cursor",
            get(TOKENS + "/{AUDITED.id}/events?cursor=garbage", AUTH),
            422),
        decided(
            "events, garbage cursor on an unknown token",
            get(TOKENS + "/00000000-0000-4000-8000-000000000000/events?cursor=garbage", AUTH),
            422),
        decided("events of another user's token", get(TOKENS + "/{OTHER.id}/events", AUTH), 404),
        decided(
            "events of an unknown token",
            get(TOKENS + "/00000000-0000-4000-8000-000000000000/events", AUTH),
            404),
        decided("events of a deleted token", get(TOKENS + "/{GONE.id}/events", AUTH), 404),
        decided(
            "POST on events", req("POST", TOKENS + "/{AUDITED.id}/events", "{}", JSON, AUTH), 405),
        decided("events without a token", get(TOKENS + "/{AUDITED.id}/events"), 401),
        decided(
            "events of an environment token, another environment",
            get(TOKENS + "/{ENV.id}/events", AUTH, "x-environment-id: env-dev"),
            200),
        row("delete", req("DELETE", TOKENS + "/{DOOMED.id}", null, AUTH)),
        row("delete again", req("DELETE", TOKENS + "/{DOOMED.id}", null, AUTH)),
        row("unknown action", req("POST", TOKENS + "/{DETAILS.id}/frobnicate", null, AUTH)),
        row("too many path segments", get(TOKENS + "/{DETAILS.id}/revoke/now", AUTH)),
        row("collection with a trailing slash", get(TOKENS + "/", AUTH)),

        // --- token API: methods
        row("PUT on the collection", req("PUT", TOKENS, "{}", JSON, AUTH)),
        row("PATCH on a token", req("PATCH", TOKENS + "/{DETAILS.id}", "{}", JSON, AUTH)),
        row("GET on an action", get(TOKENS + "/{DETAILS.id}/revoke", AUTH)),
        row("DELETE on the collection", req("DELETE", TOKENS, null, AUTH)),
        row("OPTIONS on the collection", req("OPTIONS", TOKENS, null, AUTH)),

        // --- token API: roll
        decided(
            "roll",
            req("POST", TOKENS + "/{ROLLME.id}/roll", "{\"grace_period_seconds\":60}", JSON, AUTH),
            201),
        row("get a rolled token", get(TOKENS + "/{ROLLME.id}", AUTH)),
        decided(
            "roll again: 409 naming the successor",
            req("POST", TOKENS + "/{ROLLME.id}/roll", "{\"grace_period_seconds\":60}", JSON, AUTH),
            409),
        decided(
            "roll a revoked token", req("POST", TOKENS + "/{REVOKED.id}/roll", null, AUTH), 409),
        decided(
            "roll a suspended token",
            req("POST", TOKENS + "/{SUSPENDED.id}/roll", "", JSON, AUTH),
            409),
        decided(
            "roll, negative grace",
            req("POST", TOKENS + "/{DETAILS.id}/roll", "{\"grace_period_seconds\":-1}", JSON, AUTH),
            422),
        decided(
            "roll, grace above the maximum",
            req(
                "POST",
                TOKENS + "/{DETAILS.id}/roll",
                "{\"grace_period_seconds\":604801}",
                JSON,
                AUTH),
            422),
        row(
            "roll, grace not an integer",
            req(
                "POST",
                TOKENS + "/{DETAILS.id}/roll",
                "{\"grace_period_seconds\":\"soon\"}",
                JSON,
                AUTH)),
        row(
            "roll, grace null",
            req(
                "POST",
                TOKENS + "/{DETAILS.id}/roll",
                "{\"grace_period_seconds\":null}",
                JSON,
                AUTH)),
        row("roll, JSON array body", req("POST", TOKENS + "/{DETAILS.id}/roll", "[]", JSON, AUTH)),
        row(
            "roll, malformed JSON",
            req("POST", TOKENS + "/{DETAILS.id}/roll", "{\"grace", JSON, AUTH)),
        decided(
            "roll an unknown token",
            req("POST", TOKENS + "/00000000-0000-4000-8000-000000000000/roll", null, AUTH),
            404),
        decided(
            "roll another user's token", req("POST", TOKENS + "/{OTHER.id}/roll", null, AUTH), 404),
        decided("GET on roll", get(TOKENS + "/{DETAILS.id}/roll", AUTH), 405),
        decided(
            "roll with a read-only token",
            req("POST", TOKENS + "/{DETAILS.id}/roll", null, "Authorization: Bearer {READER}"),
            403),

        // --- owner-level changes
        decided(
            "admin revoke without tokens:admin",
            req("POST", ADMIN + "/revoke", "{\"subject\":\"carol\"}", JSON, AUTH),
            403),
        decided(
            "admin, no body",
            req("POST", ADMIN + "/suspend", null, "Authorization: Bearer {ADMIN}"),
            422),
        row(
            "admin, body an array",
            req("POST", ADMIN + "/suspend", "[]", JSON, "Authorization: Bearer {ADMIN}")),
        row(
            "admin, empty subject",
            req(
                "POST",
                ADMIN + "/revoke",
                "{\"subject\":\"\"}",
                JSON,
                "Authorization: Bearer {ADMIN}")),
        row(
            "admin, dry_run not a boolean",
            req(
                "POST",
                ADMIN + "/revoke",
                "{\"subject\":\"carol\",\"dry_run\":\"maybe\"}",
                JSON,
                "Authorization: Bearer {ADMIN}")),
        row(
            "admin, every violation at once",
            req(
                "POST",
                ADMIN + "/activate",
                "{\"subject\":5,\"reason\":[],\"dry_run\":null}",
                JSON,
                "Authorization: Bearer {ADMIN}")),
        decided(
            "admin revoke, dry run",
            req(
                "POST",
                ADMIN + "/revoke",
                "{\"subject\":\"carol\",\"dry_run\":true}",
                JSON,
                "Authorization: Bearer {ADMIN}"),
            200),
        app("carol's token after the dry run", get(ME, "Authorization: Bearer {CAROL}")),
        decided(
            "admin revoke every token of carol",
            req(
                "POST",
                ADMIN + "/revoke",
                "{\"subject\":\"carol\",\"reason\":\"left the company\"}",
                JSON,
                "Authorization: Bearer {ADMIN}"),
            200),
        decided(
            "carol's token after the revocation", get(ME, "Authorization: Bearer {CAROL}"), 401),
        decided(
            "admin activate with nothing suspended",
            req("POST", ADMIN + "/activate", "{}", JSON, "Authorization: Bearer {ADMIN}"),
            200),
        decided(
            "GET on an admin route", get(ADMIN + "/revoke", "Authorization: Bearer {ADMIN}"), 405),
        decided(
            "unknown admin action",
            req("POST", ADMIN + "/delete", "{}", JSON, "Authorization: Bearer {ADMIN}"),
            404),
        row("admin route without a token", req("POST", ADMIN + "/revoke", "{}", JSON)),

        // --- token introspection (RFC 7662)
        decided(
            "introspect an active token",
            req("POST", INTROSPECT, "token={TOKEN}", FORM, INTROSPECTOR),
            200),
        row(
            "introspect with a charset and a type hint",
            req(
                "POST",
                INTROSPECT,
                "token={READER}&token_type_hint=access_token",
                "Content-Type: application/x-www-form-urlencoded;charset=UTF-8",
                INTROSPECTOR)),
        decided(
            "introspect a revoked token",
            req("POST", INTROSPECT, "token={REVOKED}", FORM, INTROSPECTOR),
            200),
        row(
            "introspect a suspended token",
            req("POST", INTROSPECT, "token={SUSPENDED}", FORM, INTROSPECTOR)),
        row(
            "introspect another business's token",
            req("POST", INTROSPECT, "token={OTHER}", FORM, INTROSPECTOR)),
        row(
            "introspect a forged token",
            req("POST", INTROSPECT, "token={TOKEN.forged}", FORM, INTROSPECTOR)),
        row("introspect garbage", req("POST", INTROSPECT, "token=dz_garbage", FORM, INTROSPECTOR)),
        decided(
            "introspect, JSON body",
            req("POST", INTROSPECT, "{\"token\":\"{TOKEN}\"}", JSON, INTROSPECTOR),
            415),
        decided(
            "introspect, no content type",
            req("POST", INTROSPECT, "token={TOKEN}", INTROSPECTOR),
            415),
        decided(
            "introspect, no token parameter",
            req("POST", INTROSPECT, "token_type_hint=access_token", FORM, INTROSPECTOR),
            422),
        row("introspect, no body", req("POST", INTROSPECT, null, FORM, INTROSPECTOR)),
        decided(
            "introspect without tokens:introspect",
            req("POST", INTROSPECT, "token={TOKEN}", FORM, AUTH),
            403),
        decided("introspect without a token", req("POST", INTROSPECT, "token={TOKEN}", FORM), 401),
        decided("GET on introspect", get(INTROSPECT, INTROSPECTOR), 405),

        // --- leak reports
        decided(
            "leak report of live tokens and other strings",
            req(
                "POST",
                LEAKS,
                "{\"tokens\":[\"{LEAKED}\",\"{REVOKED}\",\"dz_garbage\",\"{LEAKED}\",\"ghp_x\"]}",
                JSON,
                REPORTER),
            200),
        decided(
            "the leaked token after the report", get(ME, "Authorization: Bearer {LEAKED}"), 401),
        decided(
            "leak report, empty list", req("POST", LEAKS, "{\"tokens\":[]}", JSON, REPORTER), 422),
        row(
            "leak report, tokens not a list",
            req("POST", LEAKS, "{\"tokens\":\"{TOKEN}\"}", JSON, REPORTER)),
        row(
            "leak report, a string too long",
            req("POST", LEAKS, "{\"tokens\":[\"" + "x".repeat(4097) + "\"]}", JSON, REPORTER)),
        row(
            "leak report, 1001 strings",
            req("POST", LEAKS, thousandAndOne.toString(), JSON, REPORTER)),
        decided(
            "leak report beyond the rate",
            req("POST", LEAKS, "{\"tokens\":[\"dz_x\"]}", JSON, REPORTER),
            429),
        row(
            "leak report, malformed JSON",
            req("POST", LEAKS, "{\"tokens\":[{TOKEN}]}", JSON, REPORTER2)),
        row("leak report, no body", req("POST", LEAKS, null, REPORTER2)),
        decided(
            "leak report without tokens:report-leaks",
            req("POST", LEAKS, "{\"tokens\":[\"{TOKEN}\"]}", JSON, AUTH),
            403),
        row("leak report without a token", req("POST", LEAKS, "{\"tokens\":[\"dz_x\"]}", JSON)),
        decided("GET on the leak route: no token \"leaks\"", get(LEAKS, AUTH), 404),

        // --- token API: queries
        row("list, limit 0", get(TOKENS + "?limit=0", AUTH)),
        row("list, limit 101", get(TOKENS + "?limit=101", AUTH)),
        row("list, limit not a number", get(TOKENS + "?limit=abc", AUTH)),
        row("list, unknown sort_by", get(TOKENS + "?sort_by=colour", AUTH)),
        row("list, include_revoked not a boolean", get(TOKENS + "?include_revoked=maybe", AUTH)),
        row("list, garbage cursor", get(TOKENS + "?cursor=garbage", AUTH)),
        row("list, unknown direction", get(TOKENS + "?direction=sideways", AUTH)),

        // --- JWK Set
        row("JWK Set", get(JWKS)),
        row("JWK Set with a valid token", get(JWKS, AUTH)),
        row("POST on the JWK Set", req("POST", JWKS, "{}", JSON)),

        // --- OpenAPI document
        row("OpenAPI document", get(OPENAPI)),
        row("OpenAPI document with a valid token", get(OPENAPI, AUTH)),
        row("POST on the OpenAPI document", req("POST", OPENAPI, "{}", JSON)),

        // --- Token Status Lists (the 200 and 304 carry a signature of their own per side)
        decided("status list that does not exist", get(LISTS + "/999"), 404),
        decided("status list number with a leading zero", get(LISTS + "/01"), 404),
        decided("status list path that is no number", get(LISTS + "/one", AUTH), 404),
        decided("POST on a status list", req("POST", LISTS + "/1", "{}", JSON), 405),

        // --- store unavailable
        new Row(
            "store down: protected resource",
            get(ME, "Authorization: Bearer {FRESH}"),
            true,
            false),
        new Row("store down: list", get(TOKENS, "Authorization: Bearer {FRESH}"), true, false));
  }

  /**
   * What some rows' (normalised) bodies must hold besides being alike: the facts the rows are there
   * for, so that two equally wrong answers do not pass.
   */
  private static final Map<String, List<String>> BODY_HOLDS =
      Map.of(
          "events",
          List.of(
              "{\"id\":\"<uuid>\",\"type\":\"created\",\"occurred_at\":\"<time>\","
                  + "\"token_id\":\"<AUDITED.id>\",\"jti\":\"<AUDITED.jti>\",\"actor\":\"alice\","
                  + "\"reason\":null,\"client_ip\":null,\"user_agent\":null}",
              "\"type\":\"suspended\"",
              "\"type\":\"revoked\"",
              "\"reason\":\"audited\",\"client_ip\":\"127.0.0.1\","
                  + "\"user_agent\":\"conformance/1.0 (dz-auth)\"}",
              "\"limit\":50,\"next_cursor\":null,\"has_next\":false}"),
          "events, a page of two",
          List.of("\"next_cursor\":\"<cursor>\",\"has_next\":true"),
          "environment token, no environment header",
          List.of("\"token_scope\":\"environment\",\"environment_id\":\"env-prod\""),
          "account token naming an environment",
          List.of("\"token_scope\":\"account\",\"environment_id\":\"env-dev\""),
          "environment token, another environment",
          List.of("{\"detail\":\"Not enough permissions\"}"),
          "create an environment token",
          List.of(
              "\"token_scope\":\"environment\",\"environment_id\":\"env-prod\","
                  + "\"created_by\":\"alice\",\"updated_at\":\"<time>\""),
          "environment token creates a token of its environment",
          List.of("\"token_scope\":\"environment\",\"environment_id\":\"env-prod\""));

  // ---------------------------------------------------------------------------------------------
  // The test
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rows")
  void bothAdaptersAnswerAlike(Row row) throws Exception {
    Answer fromServlet = servlet.send(row);
    Answer fromSpring = spring.send(row);
    assertThat(fromServlet.status).as("servlet: %s", row.name).isNotEqualTo(500);
    assertThat(fromSpring.status).as("spring: %s", row.name).isNotEqualTo(500);
    assertThat(fromServlet.status == 503 || fromSpring.status == 503)
        .as("503 only when the store is down: %s", row.name)
        .isEqualTo(row.storeDown);
    if (row.decided != 0) {
      assertThat(fromServlet.status).as("decided status of '%s'", row.name).isEqualTo(row.decided);
    }
    if (row.storeDown) {
      assertThat(fromServlet.comparedHeaders())
          .as("Retry-After from the configuration")
          .contains("retry-after: 7");
    }
    List<String> springHeaders = fromSpring.comparedHeaders();
    if (row.applicationAnswer && fromSpring.status == 200) {
      for (Map.Entry<String, String> h : SPRING_SECURITY_APPLICATION_HEADERS.entrySet()) {
        assertThat(springHeaders)
            .as("Spring Security default header on the application's answer: %s", row.name)
            .contains(h.getKey() + ": " + h.getValue());
        springHeaders.remove(h.getKey() + ": " + h.getValue());
      }
    }
    assertThat(fromSpring.status)
        .as("status of '%s'\nservlet: %s\nspring: %s", row.name, fromServlet, fromSpring)
        .isEqualTo(fromServlet.status);
    assertThat(springHeaders)
        .as("headers of '%s'", row.name)
        .containsExactlyInAnyOrderElementsOf(fromServlet.comparedHeaders());
    assertThat(spring.normalise(fromSpring.body))
        .as("body of '%s'", row.name)
        .isEqualTo(servlet.normalise(fromServlet.body));
    for (String fact : BODY_HOLDS.getOrDefault(row.name, List.of())) {
      assertThat(servlet.normalise(fromServlet.body)).as("body of '%s'", row.name).contains(fact);
    }
  }

  @Test
  void everyRowWithFactsIsARow() {
    assertThat(rows().map(Row::name).toList()).containsAll(BODY_HOLDS.keySet());
  }

  @Test
  void tableIsLargeAndEveryRowNamedOnce() {
    List<String> names = rows().map(Row::name).toList();
    assertThat(names).hasSizeGreaterThanOrEqualTo(50).doesNotHaveDuplicates().doesNotContain("");
  }

  // ---------------------------------------------------------------------------------------------
  // The two sides
  // ---------------------------------------------------------------------------------------------

  @BeforeAll
  void start() throws Exception {
    SwitchableTokenStore store =
        new SwitchableTokenStore(new InMemoryTokenStore(), new AtomicBoolean());
    KeySetHolder keys = KeySetHolder.of(KeySet.of(KEY));
    StatusCache statuses = StatusCache.builder(store).build();
    TokenVerifier verifier = TokenVerifier.builder(ISSUER, keys, statuses).build();
    lists =
        StatusListPublisher.builder(new InMemoryStatusListIndex(), store, keys, ISSUER + LISTS)
            .build()
            .start();
    TokenService service =
        TokenService.builder(
                TokenMinter.builder(ISSUER, keys).statusLists(lists.allocator()).build(),
                store,
                statuses)
            .lastUsedFlushInterval(Duration.ofHours(1))
            .build();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    JettyHardening.apply(jetty);
    ServletContextHandler handler = new ServletContextHandler();
    handler.setContextPath("/");
    FilterHolder filter =
        new FilterHolder(
            DzAuthFilter.builder(verifier)
                .realm(REALM)
                .retryAfter(Duration.ofSeconds(7))
                .leakReportsPerMinute(LEAK_REPORTS_PER_MINUTE)
                .tokenService(service)
                .statusLists(lists)
                .build());
    filter.setAsyncSupported(true);
    handler.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder api = new ServletHolder(new DzTokenApiServlet());
    api.setInitOrder(1);
    api.setAsyncSupported(true);
    handler.addServlet(api, TOKENS);
    handler.addServlet(api, TOKENS + "/*");
    handler.addServlet(api, ADMIN + "/*");
    handler.addServlet(api, INTROSPECT);
    handler.addServlet(api, JWKS);
    handler.addServlet(api, OPENAPI);
    handler.addServlet(api, LISTS + "/*");
    handler.addServlet(new ServletHolder(new MeServlet()), ME);
    jetty.setHandler(handler);
    jetty.start();
    servlet = new Side("servlet", connector.getLocalPort(), service, statuses, store::setDown);

    context =
        new SpringApplicationBuilder(ConformanceApplication.class)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "dz.auth.issuer=" + ISSUER,
                "dz.auth.realm=" + REALM,
                "dz.auth.http.retry-after=7s",
                "dz.auth.api.enabled=true",
                "dz.auth.status-lists.base-uri=" + ISSUER + LISTS,
                "dz.auth.api.leak-reports-per-minute=" + LEAK_REPORTS_PER_MINUTE,
                "dz.auth.last-used-flush-interval=1h",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "spring.main.banner-mode=off")
            .run();
    int springPort =
        Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    spring =
        new Side(
            "spring",
            springPort,
            context.getBean(TokenService.class),
            context.getBean(StatusCache.class),
            ConformanceApplication.STORE_DOWN::set);
  }

  @AfterAll
  void stop() throws Exception {
    if (servlet != null) {
      servlet.close();
    }
    if (spring != null) {
      spring.close();
    }
    if (context != null) {
      context.close();
    }
    if (lists != null) {
      lists.close();
    }
    if (jetty != null) {
      jetty.stop();
    }
  }

  /**
   * The protected resource of the servlet side: the same bytes as {@link
   * ConformanceApplication.Me}.
   */
  static final class MeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] body = PrincipalJson.bytes((DzPrincipal) request.getUserPrincipal());
      response.setStatus(200);
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  private interface StoreSwitch {
    void set(boolean down);
  }

  /**
   * One adapter: its fixtures, and one keep-alive connection reopened only when the server closed
   * it.
   */
  private static final class Side implements AutoCloseable {
    final String name;
    final int port;
    final StatusCache statuses;
    final StoreSwitch storeSwitch;
    final Map<String, String> values = new LinkedHashMap<>();
    @Nullable Socket socket;
    int connections;

    Side(
        String name,
        int port,
        TokenService service,
        StatusCache statuses,
        StoreSwitch storeSwitch) {
      this.name = name;
      this.port = port;
      this.statuses = statuses;
      this.storeSwitch = storeSwitch;
      Caller alice = new Caller("alice", BUSINESS, READ_WRITE);
      Caller bob = new Caller("bob", OTHER_BUSINESS, READ_WRITE);
      fixture("TOKEN", service.create(alice, CreateTokenRequest.named("main")));
      fixture(
          "READER",
          service.create(alice, new CreateTokenRequest("reader", null, 30, Set.of("tokens:read"))));
      fixture("DETAILS", service.create(alice, CreateTokenRequest.named("details")));
      fixture("TARGET", service.create(alice, CreateTokenRequest.named("target")));
      fixture("DOOMED", service.create(alice, CreateTokenRequest.named("doomed")));
      fixture("FRESH", service.create(alice, CreateTokenRequest.named("fresh")));
      CreatedToken revoked =
          fixture("REVOKED", service.create(alice, CreateTokenRequest.named("revoked")));
      service.revoke(alice, revoked.record().id(), "test");
      CreatedToken suspended =
          fixture("SUSPENDED", service.create(alice, CreateTokenRequest.named("suspended")));
      service.suspend(alice, suspended.record().id());
      fixture("OTHER", service.create(bob, CreateTokenRequest.named("bob's")));
      fixture("ROLLME", service.create(alice, CreateTokenRequest.named("rolled")));
      fixture(
          "ENV",
          service.create(
              alice, new CreateTokenRequest("env", null, 365, null, "environment", "env-prod")));
      fixture("AUDITED", service.create(alice, CreateTokenRequest.named("audited")));
      CreatedToken gone = fixture("GONE", service.create(alice, CreateTokenRequest.named("gone")));
      service.delete(alice, gone.record().id());
      fixture(
          "ADMIN",
          service.create(
              new Caller("alice", BUSINESS, WITH_ADMIN), CreateTokenRequest.named("admin")));
      fixture(
          "INTROSPECTOR",
          service.create(
              new Caller("alice", BUSINESS, Set.of("tokens:introspect")),
              CreateTokenRequest.named("introspector")));
      Caller scanner = new Caller("scanner", OTHER_BUSINESS, Set.of("tokens:report-leaks"));
      fixture("REPORTER", service.create(scanner, CreateTokenRequest.named("scanner")));
      fixture("REPORTER2", service.create(scanner, CreateTokenRequest.named("scanner 2")));
      fixture("LEAKED", service.create(alice, CreateTokenRequest.named("leaked")));
      fixture(
          "CAROL",
          service.create(
              new Caller("carol", BUSINESS, READ_WRITE), CreateTokenRequest.named("carol's")));
      String token = values.get("{TOKEN}");
      int dot = token.lastIndexOf('.');
      values.put(
          "{TOKEN.forged}",
          token.substring(0, dot + 1)
              + flip(token.substring(dot + 1, dot + 2))
              + token.substring(dot + 2));
      values.put(
          "{TOKEN.case}",
          token.substring(0, 3) + swapCase(token.substring(3, 12)) + token.substring(12));
    }

    private CreatedToken fixture(String key, CreatedToken created) {
      values.put("{" + key + "}", created.token());
      values.put("{" + key + ".id}", created.record().id());
      values.put("{" + key + ".jti}", created.record().jti());
      return created;
    }

    private static String flip(String c) {
      return c.equals("A") ? "B" : "A";
    }

    private static String swapCase(String s) {
      StringBuilder b = new StringBuilder();
      for (char c : s.toCharArray()) {
        b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
      }
      return b.toString();
    }

    String fill(String template) {
      String out = template;
      for (Map.Entry<String, String> v : values.entrySet()) {
        out = out.replace(v.getKey(), v.getValue());
      }
      return out;
    }

    /** The body with the fixture values in, when it is UTF-8 text naming one; else as it is. */
    byte @Nullable [] fillBody(byte @Nullable [] body) {
      if (body == null) {
        return null;
      }
      String text;
      try {
        text =
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        return body;
      }
      String filled = fill(text);
      return filled.equals(text) ? body : filled.getBytes(StandardCharsets.UTF_8);
    }

    byte[] requestBytes(Req r) {
      StringBuilder head =
          new StringBuilder(r.method())
              .append(' ')
              .append(fill(r.target()))
              .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      for (String h : r.headers()) {
        head.append(fill(h)).append("\r\n");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] body = fillBody(r.body());
      if (body != null && r.chunked()) {
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (int at = 0; at < body.length; at += 8192) {
          int n = Math.min(8192, body.length - at);
          out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body, at, n);
          out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        if (body != null) {
          head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
          out.writeBytes(body);
        }
      }
      return out.toByteArray();
    }

    Answer send(Row row) throws IOException {
      if (row.storeDown()) {
        statuses.invalidateAll();
        storeSwitch.set(true);
      }
      try {
        byte[] bytes = requestBytes(row.request());
        boolean fresh = socket == null;
        try {
          return exchange(bytes);
        } catch (EOFException | java.net.SocketException e) {
          close();
          if (fresh) {
            throw e;
          }
          // The server closed the idle keep-alive connection between two rows: send again on a new
          // one.
          return exchange(bytes);
        } catch (IOException | RuntimeException e) {
          close();
          throw new IOException(name + ": no answer to '" + row.name() + "'", e);
        }
      } finally {
        storeSwitch.set(false);
      }
    }

    private Answer exchange(byte[] bytes) throws IOException {
      if (socket == null) {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        connections++;
      }
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      Answer a = Answer.read(socket.getInputStream());
      if (a.headers.stream()
          .anyMatch(h -> h[0].equals("connection") && h[1].equalsIgnoreCase("close"))) {
        close();
      }
      return a;
    }

    private static final Pattern TOKEN =
        Pattern.compile("dz_[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+");
    private static final Pattern UUID_TEXT =
        Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TIME =
        Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    private static final Pattern PREFIX = Pattern.compile("\"token_prefix\":\"[^\"]*\"");
    private static final Pattern CURSOR = Pattern.compile("\"(next|prev)_cursor\":\"[^\"]*\"");
    private static final Pattern EPOCH = Pattern.compile("\"(exp|iat)\":\\d+");

    /** The body with this side's per-run values replaced by names, see the class comment. */
    String normalise(byte[] body) {
      String text = new String(body, StandardCharsets.UTF_8);
      List<Map.Entry<String, String>> byLength = new ArrayList<>(values.entrySet());
      byLength.sort((a, b) -> b.getValue().length() - a.getValue().length());
      for (Map.Entry<String, String> v : byLength) {
        text =
            text.replace(
                v.getValue(), "<" + v.getKey().substring(1, v.getKey().length() - 1) + ">");
      }
      text = TOKEN.matcher(text).replaceAll("<token>");
      text =
          UUID_TEXT
              .matcher(text)
              .replaceAll(
                  m ->
                      m.group().equalsIgnoreCase(BUSINESS)
                              || m.group().equalsIgnoreCase(OTHER_BUSINESS)
                          ? m.group()
                          : "<uuid>");
      text = TIME.matcher(text).replaceAll("<time>");
      text = PREFIX.matcher(text).replaceAll("\"token_prefix\":\"<prefix>\"");
      text = EPOCH.matcher(text).replaceAll("\"$1\":<epoch>");
      return CURSOR.matcher(text).replaceAll("\"$1_cursor\":\"<cursor>\"");
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }

  /** A response as read off the wire: status, every header line (name lower-cased), body bytes. */
  private static final class Answer {
    final int status;
    final List<String[]> headers;
    final byte[] body;

    Answer(int status, List<String[]> headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    /**
     * {@code name: value} of every header but the framing ones, in a list the caller may change.
     */
    List<String> comparedHeaders() {
      List<String> out = new ArrayList<>();
      for (String[] h : headers) {
        if (!FRAMING.contains(h[0])) {
          out.add(h[0] + ": " + h[1]);
        }
      }
      return out;
    }

    static Answer read(InputStream in) throws IOException {
      String statusLine = line(in);
      if (!statusLine.startsWith("HTTP/1.1 ")) {
        throw new IOException("not an HTTP/1.1 response: '" + statusLine + "'");
      }
      List<String[]> headers = new ArrayList<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.add(
            new String[] {
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim()
            });
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      String length = null;
      boolean chunked = false;
      for (String[] h : headers) {
        if (h[0].equals("content-length")) {
          length = h[1];
        }
        if (h[0].equals("transfer-encoding") && h[1].equalsIgnoreCase("chunked")) {
          chunked = true;
        }
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      if (chunked) {
        for (int size = Integer.parseInt(line(in).trim(), 16);
            size > 0;
            size = Integer.parseInt(line(in).trim(), 16)) {
          body.writeBytes(in.readNBytes(size));
          line(in);
        }
        line(in);
      } else if (length != null) {
        body.writeBytes(in.readNBytes(Integer.parseInt(length)));
      }
      return new Answer(status, headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          line.write(b);
        }
      }
      if (b < 0 && line.size() == 0) {
        throw new EOFException("connection closed");
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder().append(status);
      for (String[] h : headers) {
        b.append("\n  ").append(h[0]).append(": ").append(h[1]);
      }
      return b.append("\n  ").append(new String(body, StandardCharsets.UTF_8)).toString();
    }
  }
}
