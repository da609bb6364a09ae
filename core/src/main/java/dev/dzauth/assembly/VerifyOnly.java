package dev.dzauth.assembly;

import dev.dzauth.statuslist.StatusListClient;
import dev.dzauth.token.TokenVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The assembly of a service that only verifies: a {@link StatusListClient} of the issuer at its URL
 * and a verify-only {@link TokenVerifier} over it ({@link TokenVerifier#verifyOnly}). No store, no
 * token service, no token-management API: the keys are the issuer's JWK Set and a token's status is
 * the entry of the issuer's Token Status List its {@code status} claim names, so tokens minted
 * without status lists are refused (their status is only in the issuer's store). One JWK Set fetch
 * serves both.
 *
 * <p>Building fetches nothing: the JWK Set and the lists are fetched on first use, so the service
 * can start before the issuer; until they can be had, verification fails closed ({@code
 * STORE_UNAVAILABLE}, answered 503). The servlet init-param {@code verify-only-issuer} and the
 * Spring property {@code dz.auth.verify-only.issuer} build this.
 *
 * <p>Thread-safe; {@link #close()} stops the client's HTTP threads and is idempotent.
 */
public final class VerifyOnly implements AutoCloseable {

  private final StatusListClient client;
  private final TokenVerifier verifier;

  private VerifyOnly(StatusListClient client, TokenVerifier verifier) {
    this.client = client;
    this.verifier = verifier;
  }

  /**
   * A builder for a verify-only service of the issuer whose base URL is {@code issuerUrl} (its JWK
   * Set at {@code <issuerUrl>/.well-known/jwks.json}, its lists on its origin). The tokens' {@code
   * iss} must be {@code issuerUrl} unless {@link Builder#issuer} says otherwise.
   */
  public static Builder builder(String issuerUrl) {
    return new Builder(issuerUrl);
  }

  /** The verifier: what an adapter authenticates a request with. */
  public TokenVerifier verifier() {
    return verifier;
  }

  /** The client of the issuer's JWK Set and lists, for health and metrics. */
  public StatusListClient client() {
    return client;
  }

  /** Stops the client's HTTP threads; the verifier fails closed afterwards. */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "VerifyOnly{issuer=" + verifier.issuer() + ", url=" + client.issuer() + "}";
  }

  /** Configures a {@link VerifyOnly}. */
  public static final class Builder {
    private final String issuerUrl;
    private @Nullable String issuer;
    private final List<Consumer<StatusListClient.Builder>> clientOptions = new ArrayList<>();
    private final List<Consumer<TokenVerifier.Builder>> verifierOptions = new ArrayList<>();

    private Builder(String issuerUrl) {
      this.issuerUrl = Objects.requireNonNull(issuerUrl, "issuerUrl");
    }

    /**
     * The {@code iss} tokens must carry; default the issuer URL (without a trailing {@code /}). Set
     * it when the issuer's identifier is not the URL it is reached at.
     */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Sets options of the status list client (JWK Set URL, ttl bounds, staleness, timeouts…). */
    public Builder client(Consumer<StatusListClient.Builder> options) {
      clientOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /** Sets options of the verifier (algorithms, clock skew, verified-token cache, …). */
    public Builder verifier(Consumer<TokenVerifier.Builder> options) {
      verifierOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * Builds the client and the verifier; fetches nothing.
     *
     * @throws IllegalArgumentException when an option is invalid (the message names it)
     */
    public VerifyOnly build() {
      StatusListClient.Builder cb = StatusListClient.builder(issuerUrl);
      clientOptions.forEach(o -> o.accept(cb));
      StatusListClient client = cb.build();
      try {
        String iss = issuer;
        if (iss == null) {
          iss =
              issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
        }
        TokenVerifier.Builder vb = TokenVerifier.verifyOnly(iss, client);
        verifierOptions.forEach(o -> o.accept(vb));
        return new VerifyOnly(client, vb.build());
      } catch (RuntimeException | Error e) {
        client.close();
        throw e;
      }
    }
  }
}
