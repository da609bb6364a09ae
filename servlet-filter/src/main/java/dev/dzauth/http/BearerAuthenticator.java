package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.token.TokenFormat;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a request from its {@code Authorization} and {@code x-business-id} header values
 * (RFC 6750 §2.1, API.md §3). Framework-neutral: adapters pass the header values they received.
 *
 * <ul>
 *   <li>No {@code Authorization} header, another scheme, or {@code Bearer} with no credentials: 401
 *       {@code Not authenticated}, challenge without an error code. The scheme name is compared
 *       case-insensitively (RFC 7235 §2.1).
 *   <li>More than one {@code Authorization} header, credentials with spaces, anything not a valid
 *       {@code dz_} token: 401 {@code invalid_token}.
 *   <li>A token is only ever read from the header: never from the query string or a form body.
 *   <li>{@code x-business-id} absent: the token's business. Present: it must name the token's
 *       business (UUIDs compared as UUIDs, other ids exactly), else 403; more than one such header
 *       is 403 too.
 *   <li>The store cannot answer: 503 with {@code Retry-After}, never 401 nor success.
 * </ul>
 *
 * <p>Logs refusals at debug level with the token's display prefix, never the token. Thread-safe.
 */
public final class BearerAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthenticator.class);

  private final TokenVerifier verifier;
  private final HttpErrors errors;

  private BearerAuthenticator(TokenVerifier verifier, HttpErrors errors) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** An authenticator verifying with {@code verifier} and answering failures with {@code errors}. */
  public static BearerAuthenticator create(TokenVerifier verifier, HttpErrors errors) {
    return new BearerAuthenticator(verifier, errors);
  }

  /**
   * The outcome of {@link #authenticate}: exactly one of {@code token} and {@code failure}.
   *
   * @param token the verified token, when authenticated
   * @param failure the response to send, when not
   */
  public record Outcome(@Nullable VerifiedToken token, @Nullable ApiResponse failure) {
    /** Whether the request is authenticated. */
    public boolean isAuthenticated() {
      return token != null;
    }
  }

  /**
   * Authenticates a request.
   *
   * @param authorization every {@code Authorization} header value of the request, in order
   * @param businessIds every {@code x-business-id} header value of the request, in order
   */
  public Outcome authenticate(List<String> authorization, List<String> businessIds) {
    if (authorization.isEmpty()) {
      return refuse(errors.notAuthenticated());
    }
    if (authorization.size() > 1) {
      LOG.debug("dz-auth: refused a request with {} Authorization headers", authorization.size());
      return refuse(errors.failure(DzAuthException.of(Reason.MALFORMED, "several Authorization headers")));
    }
    String value = authorization.get(0).strip();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
      return refuse(errors.notAuthenticated());
    }
    String token = space < 0 ? "" : value.substring(space + 1).strip();
    if (token.isEmpty()) {
      return refuse(errors.notAuthenticated());
    }
    if (token.indexOf(' ') >= 0 || token.indexOf('\t') >= 0) {
      return refuse(errors.failure(DzAuthException.of(Reason.MALFORMED, "credentials contain spaces")));
    }
    VerifiedToken verified;
    try {
      verified = verifier.verify(token);
    } catch (DzAuthException e) {
      LOG.debug("dz-auth: refused token {}: {} ({})", prefix(token), e.reason(), e.getMessage());
      return refuse(errors.failure(e));
    } catch (RuntimeException e) {
      // Not expected from the verifier; whatever a client sends must never become a 500.
      LOG.warn("dz-auth: verifier failed on token {}", prefix(token), e);
      return refuse(errors.failure(DzAuthException.of(Reason.MALFORMED, "verifier failed")));
    }
    if (businessIds.size() > 1 || (businessIds.size() == 1
        && !sameBusiness(businessIds.get(0).strip(), verified.businessId()))) {
      LOG.debug("dz-auth: token jti {} used for another business", verified.jti());
      return refuse(errors.failure(DzAuthException.of(Reason.WRONG_BUSINESS, "x-business-id differs")));
    }
    return new Outcome(verified, null);
  }

  private static Outcome refuse(ApiResponse response) {
    return new Outcome(null, response);
  }

  private static String prefix(String token) {
    return token.startsWith(TokenFormat.PREFIX) ? TokenFormat.displayPrefix(token) : "(not dz_)";
  }

  static boolean sameBusiness(String header, String tokenBusiness) {
    if (header.equals(tokenBusiness)) {
      return true;
    }
    try {
      return header.length() == 36 && tokenBusiness.length() == 36
          && UUID.fromString(header).equals(UUID.fromString(tokenBusiness));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
