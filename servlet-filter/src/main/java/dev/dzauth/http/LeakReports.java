package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.DzAuthException.Violation;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.lifecycle.Violations;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.token.TokenFormat;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/tokens/leaks}, in the spirit of RFC 7009 and of the secret-scanning partner
 * programs: the caller ({@link TokenApi#REPORT_LEAKS_SCOPE}) reports token strings found where they
 * should not be; each one that verifies now is revoked at once, whoever owns it ({@link
 * TokenService#revokeReported}: reason {@value TokenService#REPORTED_LEAKED_REASON}, actor {@code
 * leak-report:<caller's subject>}). The answer is always {@code 200 {"received": n}}, {@code n} the
 * number of strings sent: nothing tells which were tokens, which were live, which were revoked.
 *
 * <ul>
 *   <li>Body: {@code {"tokens": [string, …]}}, 1 to {@value #MAX_TOKENS} strings of at most {@value
 *       #MAX_TOKEN_LENGTH} characters; other fields are ignored. Every violation is a 422 in the
 *       pydantic v2 shape, except that no violation echoes its {@code input} ({@code null}) and a
 *       {@code json_invalid} says only {@code Invalid JSON}: a body of token strings is never
 *       written back, not even to its sender.
 *   <li>Rate: {@code perMinute} reports per minute per calling token (a token bucket keyed by its
 *       record id, bursts up to {@code perMinute}; {@link #MAX_TRACKED_CALLERS} callers tracked),
 *       counted before the body is read, so invalid bodies count too; beyond it, 429 with {@code
 *       Retry-After} (whole seconds) and the contract's {@code detail}.
 *   <li>A string that repeats is verified once. When the store cannot answer for some string, the
 *       others are still handled and the answer is 503 (retry the whole report: revocation is
 *       idempotent); so it is when the report is not done within {@link #MAX_REPORT_TIME} (a slow
 *       store), the strings not reached left for the retry.
 * </ul>
 *
 * <p>What remains observable: verification itself (a string that is not {@code dz_}… costs less
 * than a signature check, a signature that verifies adds a status lookup) and each revocation (one
 * store write) take time, so the answer's latency grows with the number of live tokens in the
 * report; and a 503 only happens when some string had a valid signature. The report's strings are
 * never logged; each revocation is logged (INFO) with the record id and business, never the token.
 */
final class LeakReports {

  /** The most strings one report may carry. */
  static final int MAX_TOKENS = 1000;

  /** The longest string a report may carry: the verifier's default longest token. */
  static final int MAX_TOKEN_LENGTH = TokenFormat.DEFAULT_MAX_TOKEN_LENGTH;

  /** The most callers whose buckets are kept. */
  static final int MAX_TRACKED_CALLERS = 10_000;

  /**
   * The longest a report is worked on: past it (a slow store: each status lookup and revocation
   * waits up to the store's own timeout) the rest is left and the answer is 503, to retry. Well
   * within the Spring adapter's async timeout ({@link TokenApi#BODY_TIMEOUT} + 60 s).
   */
  static final Duration MAX_REPORT_TIME = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(LeakReports.class);

  private final TokenService service;
  private final TokenVerifier verifier;
  private final RateLimiter limiter;
  private final int perMinute;
  private final Duration maxReportTime;
  private final LongSupplier nanos;

  LeakReports(TokenService service, TokenVerifier verifier, int perMinute) {
    this(service, verifier, perMinute, MAX_REPORT_TIME, System::nanoTime);
  }

  LeakReports(
      TokenService service,
      TokenVerifier verifier,
      int perMinute,
      Duration maxReportTime,
      LongSupplier nanos) {
    this.service = service;
    this.verifier = verifier;
    this.perMinute = perMinute;
    this.maxReportTime = maxReportTime;
    this.nanos = nanos;
    this.limiter = new RateLimiter(perMinute, MAX_TRACKED_CALLERS, nanos);
  }

  int perMinute() {
    return perMinute;
  }

  /** The answer to {@code request} of {@code caller}, who holds the scope. */
  ApiResponse answer(ApiRequest request, VerifiedToken caller) {
    Duration wait = limiter.acquire(caller.tokenId());
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      return HttpErrors.response(
          429,
          Map.of("Retry-After", Long.toString(seconds)),
          Json.detail("Rate limit exceeded: " + perMinute + " leak reports per minute"));
    }
    List<String> tokens = parse(request.body());
    Caller reporter = Caller.of(caller).from(request.clientIp(), request.userAgent());
    DzAuthException unavailable = null;
    int revoked = 0;
    long start = nanos.getAsLong();
    for (String token : new LinkedHashSet<>(tokens)) {
      if (nanos.getAsLong() - start > maxReportTime.toNanos()) {
        unavailable =
            DzAuthException.of(
                Reason.STORE_UNAVAILABLE,
                "leak report not finished within " + maxReportTime.toSeconds() + " s");
        break;
      }
      try {
        if (revoke(token, reporter)) {
          revoked++;
        }
      } catch (DzAuthException e) {
        if (e.reason() != Reason.STORE_UNAVAILABLE) {
          throw e;
        }
        if (unavailable == null) {
          unavailable = e;
        }
      }
    }
    LOG.info(
        "dz-auth API: leak report by {} (token {}): {} strings, {} tokens revoked{}",
        caller.subject(),
        caller.tokenId(),
        tokens.size(),
        revoked,
        unavailable == null ? "" : ", some not checked: " + unavailable.getMessage());
    if (unavailable != null) {
      throw unavailable;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("received", tokens.size());
    return HttpErrors.response(200, Map.of(), Json.write(body));
  }

  /**
   * Whether {@code token} verified (so was live a moment ago) and is revoked now: by this report,
   * or by a change that raced it.
   */
  private boolean revoke(String token, Caller reporter) {
    VerifiedToken leaked;
    try {
      leaked = BearerAuthenticator.verify(verifier, token);
    } catch (DzAuthException e) {
      if (e.reason() == Reason.STORE_UNAVAILABLE) {
        throw e;
      }
      return false;
    }
    Optional<TokenRecord> record = service.revokeReported(leaked, reporter);
    if (record.isEmpty()) {
      return false;
    }
    LOG.info(
        "dz-auth API: token {} of business {} revoked: reported leaked by {}",
        record.get().id(),
        record.get().businessId(),
        reporter.subject());
    return true;
  }

  /**
   * {@code LeakReport}: {@code tokens} required, a list of 1 to {@value #MAX_TOKENS} strings of at
   * most {@value #MAX_TOKEN_LENGTH} characters; every violation at once, none echoing its input.
   */
  static List<String> parse(byte[] body) {
    JsonNode tree;
    try {
      tree = Bodies.tree(body);
    } catch (DzAuthException e) {
      throw DzAuthException.invalid(hideJsonError(e.violations()));
    }
    if (tree == null || tree.isNull()) {
      throw DzAuthException.invalid(List.of(Violations.missing(List.of("body"), null)));
    }
    if (!tree.isObject()) {
      throw DzAuthException.invalid(List.of(Violations.objectType(List.of("body"), null)));
    }
    List<Object> loc = List.of("body", "tokens");
    JsonNode list = tree.get("tokens");
    if (list == null) {
      throw DzAuthException.invalid(List.of(Violations.missing(loc, null)));
    }
    if (!list.isArray()) {
      throw DzAuthException.invalid(List.of(Violations.listType(loc, null)));
    }
    List<Violation> violations = new ArrayList<>();
    int size = list.size();
    if (size < 1) {
      violations.add(
          new Violation(
              loc,
              "too_short",
              "List should have at least 1 item after validation, not 0",
              null,
              lengthContext("min_length", 1, 0)));
    } else if (size > MAX_TOKENS) {
      violations.add(
          new Violation(
              loc,
              "too_long",
              "List should have at most " + MAX_TOKENS + " items after validation, not " + size,
              null,
              lengthContext("max_length", MAX_TOKENS, size)));
    }
    List<String> tokens = new ArrayList<>(Math.min(size, MAX_TOKENS));
    int i = 0;
    for (JsonNode item : list.values()) {
      List<Object> at = List.of("body", "tokens", i++);
      if (!item.isString()) {
        violations.add(Violations.stringType(at, null));
      } else if (item.stringValue().length() > MAX_TOKEN_LENGTH) {
        Violation tooLong = Violations.stringTooLong(at, "", MAX_TOKEN_LENGTH);
        violations.add(
            new Violation(at, tooLong.type(), tooLong.message(), null, tooLong.context()));
      } else {
        tokens.add(item.stringValue());
      }
      if (violations.size() >= MAX_TOKENS) {
        break;
      }
    }
    if (!violations.isEmpty()) {
      throw DzAuthException.invalid(violations);
    }
    return tokens;
  }

  private static Map<String, Object> lengthContext(String bound, int limit, int actual) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("field_type", "List");
    ctx.put(bound, limit);
    ctx.put("actual_length", actual);
    return ctx;
  }

  /** A {@code json_invalid} with its position but without the parser's words (they quote input). */
  private static List<Violation> hideJsonError(List<Violation> found) {
    List<Violation> hidden = new ArrayList<>();
    for (Violation v : found) {
      Object at = v.location().size() > 1 ? v.location().get(1) : 0;
      hidden.add(Violations.jsonInvalid(at instanceof Integer n ? n : 0, "Invalid JSON"));
    }
    return hidden;
  }
}
