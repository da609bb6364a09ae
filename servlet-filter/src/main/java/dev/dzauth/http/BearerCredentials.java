package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The credentials of a request's {@code Authorization} header values, parsed once for every adapter
 * (RFC 7235 §2.1, RFC 6750 §2.1: {@code credentials = "Bearer" 1*SP b64token}):
 *
 * <ul>
 *   <li>{@link Kind#ABSENT}: no header, another scheme, or {@code Bearer} with nothing after it.
 *       The scheme name is compared case-insensitively; it ends at the first SP or HTAB.
 *   <li>{@link Kind#MALFORMED}: more than one {@code Authorization} header; a {@code Bearer} scheme
 *       separated from its credentials by anything but spaces (an HTAB: {@code 1*SP} is the
 *       grammar); credentials containing SP, HTAB or control characters. Answered 401 {@code
 *       invalid_token} ({@link #failure()}), never handed to the verifier.
 *   <li>{@link Kind#TOKEN}: exactly one {@code Bearer} credential, {@link #token()}.
 * </ul>
 *
 * <p>Leading and trailing SP/HTAB of a header value are optional whitespace (RFC 9110 §5.5) and
 * ignored. Immutable; {@link #toString()} never shows the token.
 */
public final class BearerCredentials {

  /** What the header values held. */
  public enum Kind {
    /** No bearer credentials: 401 {@code Not authenticated}, challenge without an error code. */
    ABSENT,
    /** Bearer credentials that are not one well-formed token: 401 {@code invalid_token}. */
    MALFORMED,
    /** One bearer token, to verify. */
    TOKEN
  }

  private static final String SCHEME = "bearer";
  private static final BearerCredentials ABSENT = new BearerCredentials(Kind.ABSENT, null, null);

  private final Kind kind;
  private final @Nullable String token;
  private final @Nullable DzAuthException failure;

  private BearerCredentials(Kind kind, @Nullable String token, @Nullable DzAuthException failure) {
    this.kind = kind;
    this.token = token;
    this.failure = failure;
  }

  /** Parses every {@code Authorization} header value of a request, in the order received. */
  public static BearerCredentials parse(List<String> authorization) {
    if (authorization.isEmpty()) {
      return ABSENT;
    }
    if (authorization.size() > 1) {
      return malformed("several Authorization headers (" + authorization.size() + ")");
    }
    String value = trimOws(Objects.requireNonNull(authorization.get(0), "header value"));
    int end = 0;
    while (end < value.length() && value.charAt(end) != ' ' && value.charAt(end) != '\t') {
      end++;
    }
    if (end != SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return ABSENT;
    }
    if (end == value.length()) {
      return ABSENT;
    }
    int start = end;
    while (start < value.length() && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      if (value.charAt(start) == '\t') {
        return malformed("Bearer scheme separated from its credentials by a tab (1*SP expected)");
      }
      start++;
    }
    String credentials = value.substring(start);
    for (int i = 0; i < credentials.length(); i++) {
      char c = credentials.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return malformed("credentials contain whitespace or control characters");
      }
    }
    return new BearerCredentials(Kind.TOKEN, credentials, null);
  }

  private static BearerCredentials malformed(String why) {
    return new BearerCredentials(Kind.MALFORMED, null, DzAuthException.of(Reason.MALFORMED, why));
  }

  private static String trimOws(String value) {
    int from = 0;
    int to = value.length();
    while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
      to--;
    }
    return value.substring(from, to);
  }

  /** What the header values held. */
  public Kind kind() {
    return kind;
  }

  /** The token, when {@link #kind()} is {@link Kind#TOKEN}; else {@code null}. */
  public @Nullable String token() {
    return token;
  }

  /**
   * Why the credentials are refused, when {@link #kind()} is {@link Kind#MALFORMED} (reason {@link
   * Reason#MALFORMED}); else {@code null}.
   */
  public @Nullable DzAuthException failure() {
    return failure;
  }

  @Override
  public String toString() {
    return "BearerCredentials[" + kind + (token == null ? "" : ", token hidden") + "]";
  }
}
