package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.token.TokenFormat;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a request from its {@code Authorization} and {@code x-business-id} header values
 * (RFC 6750 §2.1, docs/API.md Authentication and Errors): the one implementation of these rules,
 * which the servlet filter calls whole ({@link #authenticate}) and the Spring Security adapter step
 * by step ({@link BearerCredentials#parse}, {@link #verify}, {@link #checkBusiness}).
 *
 * <ul>
 *   <li>Credentials: see {@link BearerCredentials} (no credentials: 401 {@code Not authenticated};
 *       several {@code Authorization} headers, a tab after the scheme, credentials with spaces: 401
 *       {@code invalid_token}). A token is only ever read from the header: never from the query
 *       string or a form body.
 *   <li>Verification: any {@link DzAuthException} of the verifier is its answer; an unexpected
 *       {@link RuntimeException} (a bug, never the client's fault) is logged and answered as a
 *       malformed token (401 {@code invalid_token}): never a 500, never success.
 *   <li>{@code x-business-id} absent: the token's business. Present: it must name the token's
 *       business (UUIDs compared as UUIDs, other ids exactly), else 403; more than one such header
 *       is 403 too.
 *   <li>{@code x-environment-id}: see {@link #checkEnvironment} (an environment-scoped token naming
 *       another environment is 403).
 *   <li>The store cannot answer: 503 with {@code Retry-After}, never 401 nor success.
 * </ul>
 *
 * <p>Logs refusals at debug level with the token's display prefix, never the token. Thread-safe.
 */
public final class BearerAuthenticator {

  /** The request header naming the business a request is made for. */
  public static final String BUSINESS_HEADER = "x-business-id";

  /**
   * The request header naming the environment (within the business) a request is made for; see
   * {@link #checkEnvironment}.
   */
  public static final String ENVIRONMENT_HEADER = "x-environment-id";

  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthenticator.class);

  private final TokenVerifier verifier;
  private final HttpErrors errors;

  private BearerAuthenticator(TokenVerifier verifier, HttpErrors errors) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /**
   * An authenticator verifying with {@code verifier} and answering failures with {@code errors}.
   */
  public static BearerAuthenticator create(TokenVerifier verifier, HttpErrors errors) {
    return new BearerAuthenticator(verifier, errors);
  }

  /**
   * The outcome of {@link #authenticate}: exactly one of {@code token} and {@code failure}.
   *
   * @param token the verified token, when authenticated
   * @param failure the response to send, when not
   * @param environmentId the environment the request acts in ({@link #checkEnvironment}), or {@code
   *     null} for the whole business (or when not authenticated)
   */
  public record Outcome(
      @Nullable VerifiedToken token,
      @Nullable ApiResponse failure,
      @Nullable String environmentId) {

    /** An outcome without an environment. */
    public Outcome(@Nullable VerifiedToken token, @Nullable ApiResponse failure) {
      this(token, failure, null);
    }

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
    return authenticate(authorization, businessIds, List.of());
  }

  /**
   * Authenticates a request, with its {@value #ENVIRONMENT_HEADER} header values checked by {@link
   * #checkEnvironment}.
   *
   * @param authorization every {@code Authorization} header value of the request, in order
   * @param businessIds every {@code x-business-id} header value of the request, in order
   * @param environmentIds every {@code x-environment-id} header value of the request, in order
   */
  public Outcome authenticate(
      List<String> authorization, List<String> businessIds, List<String> environmentIds) {
    BearerCredentials credentials = BearerCredentials.parse(authorization);
    switch (credentials.kind()) {
      case ABSENT:
        return refuse(errors.notAuthenticated());
      case MALFORMED:
        LOG.debug(
            "dz-auth: refused credentials: {}",
            Objects.requireNonNull(credentials.failure()).getMessage());
        return refuse(errors.failure(Objects.requireNonNull(credentials.failure())));
      default:
        break;
    }
    try {
      VerifiedToken verified = verify(verifier, Objects.requireNonNull(credentials.token()));
      checkBusiness(businessIds, verified.businessId());
      String environment = checkEnvironment(environmentIds, verified.environmentId());
      return new Outcome(verified, null, environment);
    } catch (DzAuthException e) {
      return refuse(errors.failure(e));
    }
  }

  /**
   * Verifies {@code token} with {@code verifier}, failing only with a {@link DzAuthException}: an
   * unexpected {@link RuntimeException} of the verifier becomes {@link Reason#MALFORMED} (logged at
   * WARN with the token's display prefix), so that no adapter answers it with a 500.
   */
  public static VerifiedToken verify(TokenVerifier verifier, String token) {
    try {
      return verifier.verify(token);
    } catch (DzAuthException e) {
      LOG.debug("dz-auth: refused token {}: {} ({})", prefix(token), e.reason(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      // Not expected from the verifier; whatever a client sends must never become a 500.
      LOG.warn("dz-auth: verifier failed on token {}: {}", prefix(token), e.getClass().getName());
      throw DzAuthException.of(Reason.MALFORMED, "verifier failed: " + e.getClass().getName());
    }
  }

  /**
   * Checks the {@value #BUSINESS_HEADER} header values against the token's business {@code
   * tokenBusinessId}: none is the token's own; one must name it (UUIDs compared as UUIDs, other ids
   * exactly, surrounding whitespace ignored); several are refused.
   *
   * @throws DzAuthException {@link Reason#WRONG_BUSINESS} (403) otherwise
   */
  public static void checkBusiness(List<String> businessIds, String tokenBusinessId) {
    if (businessIds.size() > 1
        || (businessIds.size() == 1
            && !sameBusiness(businessIds.get(0).strip(), tokenBusinessId))) {
      LOG.debug("dz-auth: a token of business {} used for another one", tokenBusinessId);
      throw DzAuthException.of(Reason.WRONG_BUSINESS, "x-business-id differs");
    }
  }

  /**
   * Checks the {@value #ENVIRONMENT_HEADER} header values against the environment the token is
   * bound to, {@code tokenEnvironmentId} ({@code null} for a token of its whole business), and
   * answers the environment the request acts in:
   *
   * <ul>
   *   <li>none: the token's own environment ({@code null} for an account token: the whole
   *       business);
   *   <li>one, surrounding whitespace ignored: an environment-scoped token's must name its
   *       environment (UUIDs compared as UUIDs, other ids exactly); an account token may name any
   *       environment of its business, which is then the request's;
   *   <li>several, or a value that is empty or longer than {@value
   *       TokenFormat#MAX_ENVIRONMENT_ID_LENGTH} characters: refused.
   * </ul>
   *
   * @throws DzAuthException {@link Reason#WRONG_ENVIRONMENT} (403 {@code Not enough permissions})
   *     otherwise
   */
  public static @Nullable String checkEnvironment(
      List<String> environmentIds, @Nullable String tokenEnvironmentId) {
    if (environmentIds.isEmpty()) {
      return tokenEnvironmentId;
    }
    String named = environmentIds.get(0).strip();
    if (environmentIds.size() > 1
        || named.isEmpty()
        || named.length() > TokenFormat.MAX_ENVIRONMENT_ID_LENGTH) {
      LOG.debug("dz-auth: refused {} header values", ENVIRONMENT_HEADER);
      throw DzAuthException.of(Reason.WRONG_ENVIRONMENT, "x-environment-id refused");
    }
    if (tokenEnvironmentId == null) {
      return named;
    }
    if (!sameBusiness(named, tokenEnvironmentId)) {
      LOG.debug("dz-auth: a token of environment {} used for another one", tokenEnvironmentId);
      throw DzAuthException.of(Reason.WRONG_ENVIRONMENT, "x-environment-id differs");
    }
    return tokenEnvironmentId;
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
      return header.length() == 36
          && tokenBusiness.length() == 36
          && UUID.fromString(header).equals(UUID.fromString(tokenBusiness));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
