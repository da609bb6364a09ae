package dev.dzauth;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one failure type of dz-auth. Its {@link Reason} says what went wrong and, through {@link
 * Reason#kind()}, how an adapter answers it; {@link #getMessage()} is a precise message for logs
 * and {@link Reason#detail()} a fixed one for clients. Neither ever contains a token.
 *
 * <p>Failures of token verification are frequent and cheap: they carry no stack trace unless they
 * wrap a cause.
 */
public final class DzAuthException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** How a failure is answered; adapters map each kind to one HTTP status. */
  public enum Kind {
    /** The credentials are missing or not acceptable (HTTP 401). */
    INVALID_TOKEN(true),
    /** Authenticated, but not allowed (HTTP 403). */
    FORBIDDEN(true),
    /** No such resource for this caller (HTTP 404). */
    NOT_FOUND(true),
    /** The request conflicts with the resource's state (HTTP 409). */
    CONFLICT(true),
    /** The request is invalid; see {@link DzAuthException#violations()} (HTTP 422). */
    INVALID_REQUEST(true),
    /** A dependency (the token store) cannot answer now; retry later (HTTP 503). */
    UNAVAILABLE(false);

    private final boolean clientFault;

    Kind(boolean clientFault) {
      this.clientFault = clientFault;
    }

    /** Whether the client caused this failure (as opposed to the server or its dependencies). */
    public boolean isClientFault() {
      return clientFault;
    }
  }

  /** Why an operation failed. Each reason has a fixed, client-safe {@link #detail()}. */
  public enum Reason {
    /** No token, or not a {@code dz_} token. */
    MISSING_TOKEN(Kind.INVALID_TOKEN, "Not authenticated"),
    /** Not a well-formed {@code dz_} JWS (encoding, segments, JSON, size). */
    MALFORMED(Kind.INVALID_TOKEN, "Malformed token"),
    /** The header's {@code alg} is not on the allow-list, or does not match the key. */
    ALGORITHM_NOT_ALLOWED(Kind.INVALID_TOKEN, "Token algorithm not allowed"),
    /** The header's {@code kid} is absent or names no key of the configured key set. */
    UNKNOWN_KEY(Kind.INVALID_TOKEN, "Unknown signing key"),
    /** The header carries {@code jku}, {@code x5u}, {@code jwk}, {@code x5c} or {@code crit}. */
    UNSUPPORTED_HEADER(Kind.INVALID_TOKEN, "Unsupported token header"),
    /** The header's {@code typ} is not the dz_ token media type. */
    WRONG_TYPE(Kind.INVALID_TOKEN, "Wrong token type"),
    /** The signature does not verify. */
    BAD_SIGNATURE(Kind.INVALID_TOKEN, "Invalid token signature"),
    /** The {@code iss} claim is not the configured issuer. */
    WRONG_ISSUER(Kind.INVALID_TOKEN, "Wrong token issuer"),
    /** A required claim is missing or has the wrong type. */
    INVALID_CLAIMS(Kind.INVALID_TOKEN, "Invalid token claims"),
    /** {@code exp} has passed (beyond the allowed clock skew). */
    EXPIRED(Kind.INVALID_TOKEN, "Token has expired"),
    /** {@code nbf} or {@code iat} lies in the future (beyond the allowed clock skew). */
    NOT_YET_VALID(Kind.INVALID_TOKEN, "Token is not yet valid"),
    /** The token was revoked. */
    REVOKED(Kind.INVALID_TOKEN, "Token has been revoked"),
    /** The token is suspended. */
    SUSPENDED(Kind.INVALID_TOKEN, "Token is suspended"),
    /** The token was deleted. */
    DELETED(Kind.INVALID_TOKEN, "Token has been deleted"),
    /** The application's owner-liveness hook says the token's owner is no longer active. */
    OWNER_INACTIVE(Kind.INVALID_TOKEN, "Token owner is not active"),
    /** The token store has no record of this token. */
    UNKNOWN_TOKEN(Kind.INVALID_TOKEN, "Unknown token"),
    /**
     * The token's {@code sub} or business is not its record's: a token signed by the right key that
     * borrows another token's {@code jti} (a leaked signing key). Answered like invalid claims;
     * worth an alert.
     */
    RECORD_MISMATCH(Kind.INVALID_TOKEN, "Invalid token claims"),

    /** The token is valid but bound to another business. */
    WRONG_BUSINESS(Kind.FORBIDDEN, "Not enough permissions"),
    /** The token is bound to one environment and the request names another. */
    WRONG_ENVIRONMENT(Kind.FORBIDDEN, "Not enough permissions"),
    /** The token lacks a scope the operation needs. */
    INSUFFICIENT_SCOPE(Kind.FORBIDDEN, "Not enough permissions"),

    /** No such token for this caller (never says whether it exists for someone else). */
    NOT_FOUND(Kind.NOT_FOUND, "Token not found"),
    /** The token's state does not allow the operation (for example activating a revoked token). */
    INVALID_STATE(Kind.CONFLICT, "Operation not allowed in the token's current state"),
    /** The request is invalid; {@link DzAuthException#violations()} lists why. */
    INVALID_REQUEST(Kind.INVALID_REQUEST, "Invalid request"),

    /** The token store did not answer in time or failed; the outcome is unknown. */
    STORE_UNAVAILABLE(Kind.UNAVAILABLE, "Token store unavailable, retry later");

    private final Kind kind;
    private final String detail;

    Reason(Kind kind, String detail) {
      this.kind = kind;
      this.detail = detail;
    }

    /** How this reason is answered. */
    public Kind kind() {
      return kind;
    }

    /** A fixed, client-safe description: what an HTTP adapter puts in {@code detail}. */
    public String detail() {
      return detail;
    }
  }

  /**
   * One reason a request is invalid, in the vocabulary of pydantic v2 validation errors that
   * clients of the API know (docs/API.md, 422 validation errors).
   *
   * @param location where, for example {@code ["body", "name"]} or {@code ["query", "limit"]}
   * @param type the error type ({@code missing}, {@code string_too_long}, …)
   * @param message a human-readable message
   * @param input the offending input ({@code null} when absent)
   * @param context values the message refers to, such as {@code max_length}, kept in the order
   *     given
   */
  public record Violation(
      List<Object> location,
      String type,
      String message,
      @Nullable Object input,
      Map<String, Object> context) {

    public Violation {
      location = List.copyOf(location);
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(message, "message");
      // In the order given (pydantic's ctx order, e.g. field_type, min_length, actual_length), so
      // an answer is the same bytes on every instance; Map.copyOf's order differs between JVMs.
      Map<String, Object> ordered = new java.util.LinkedHashMap<>();
      context.forEach(
          (k, v) -> ordered.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
      context = java.util.Collections.unmodifiableMap(ordered);
    }
  }

  private final Reason reason;
  private final List<Violation> violations;

  private DzAuthException(
      Reason reason, String message, @Nullable Throwable cause, List<Violation> violations) {
    super(message, cause, false, cause != null);
    this.reason = reason;
    this.violations = List.copyOf(violations);
  }

  /** A failure for {@code reason}; {@code message} is for logs and must not contain a token. */
  public static DzAuthException of(Reason reason, String message) {
    return new DzAuthException(reason, message, null, List.of());
  }

  /** A failure for {@code reason} caused by {@code cause}. */
  public static DzAuthException of(Reason reason, String message, Throwable cause) {
    return new DzAuthException(reason, message, cause, List.of());
  }

  /** An {@link Reason#INVALID_REQUEST} failure listing its violations. */
  public static DzAuthException invalid(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid request has at least one violation");
    }
    return new DzAuthException(
        Reason.INVALID_REQUEST, "invalid request: " + violations, null, violations);
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }

  /** For {@link Reason#INVALID_REQUEST}: what is invalid; empty otherwise. */
  public List<Violation> violations() {
    return violations;
  }
}
