package dev.dzauth.test;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenVerifier;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Mints real {@code dz_} tokens for integration tests, through the {@link TokenService} of a {@link
 * DzAuth} assembly, so the tokens verify (and can be revoked) exactly as in production.
 *
 * <p>Two ways to get one:
 *
 * <ul>
 *   <li>{@link #create()}: its own assembly (in-memory store, an ephemeral ES256 key, issuer {@link
 *       #ISSUER}), owned and closed by {@link #close()}. Plain JUnit, no Spring: use it in
 *       try-with-resources or register it as an extension on a {@code static} field
 *       ({@code @RegisterExtension static final DzAuthTestTokens tokens =
 *       DzAuthTestTokens.create();}), which closes it after the test class. The extension needs
 *       JUnit Jupiter on the class path; the rest of the class does not.
 *   <li>{@link #of(DzAuth)}: over an existing assembly, such as the Spring Boot starter's {@code
 *       DzAuth} bean (see {@code dev.dzauth.test.security.DzAuthTestConfiguration}), so the
 *       application under test verifies the tokens; {@link #close()} leaves it open.
 * </ul>
 *
 * <p>Thread-safe. The token strings it returns are secrets of the test: never log them.
 */
public final class DzAuthTestTokens implements AutoCloseable, AfterAllCallback {

  /** The issuer of the assembly made by {@link #create()}. */
  public static final String ISSUER = "https://dz-auth.test";

  /** The token name recorded for minted tokens. */
  static final String TOKEN_NAME = "dz-auth-test";

  private final DzAuth dz;
  private final boolean owned;

  private DzAuthTestTokens(DzAuth dz, boolean owned) {
    this.dz = Objects.requireNonNull(dz, "dz");
    this.owned = owned;
  }

  /** Tokens of a new in-memory assembly with issuer {@link #ISSUER}, closed by {@link #close()}. */
  public static DzAuthTestTokens create() {
    return create(ISSUER);
  }

  /** Tokens of a new in-memory assembly with this issuer, closed by {@link #close()}. */
  public static DzAuthTestTokens create(String issuer) {
    KeySet keys = KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, TOKEN_NAME));
    return new DzAuthTestTokens(DzAuth.builder(issuer, keys).doorbell(null).build(), true);
  }

  /** Tokens of {@code dz}, which stays open when this is closed (its owner closes it). */
  public static DzAuthTestTokens of(DzAuth dz) {
    return new DzAuthTestTokens(dz, false);
  }

  /**
   * A new token for {@code subject} in {@code businessId} with these scopes, valid for the API's
   * default lifetime: the {@code dz_…} string to send as {@code Authorization: Bearer}.
   */
  public String mint(String subject, String businessId, String... scopes) {
    return create(subject, businessId, Set.of(scopes)).token();
  }

  /**
   * As {@link #mint}, with the stored record (its {@code id} is what {@link TokenService#revoke},
   * {@code suspend} and {@code delete} take).
   */
  public CreatedToken create(String subject, String businessId, Set<String> scopes) {
    Caller owner = new Caller(subject, businessId, scopes);
    return dz.service().create(owner, CreateTokenRequest.named(TOKEN_NAME));
  }

  /**
   * Revokes a token made by {@link #create(String, String, Set)}: from now on it is refused (401
   * {@code invalid_token}) by every verifier of this assembly.
   */
  public void revoke(CreatedToken token) {
    Caller owner =
        new Caller(token.record().subject(), token.record().businessId(), token.record().scopes());
    dz.service().revoke(owner, token.record().id(), "revoked by a test");
  }

  /** The verifier of the assembly: what accepts these tokens. */
  public TokenVerifier verifier() {
    return dz.verifier();
  }

  /** The assembly the tokens are minted in. */
  public DzAuth assembly() {
    return dz;
  }

  /** Closes the assembly if {@link #create()} made it; does nothing for {@link #of(DzAuth)}. */
  @Override
  public void close() {
    if (owned) {
      dz.close();
    }
  }

  /** As an extension on a {@code static} field: closes after the test class. */
  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public String toString() {
    return "DzAuthTestTokens{" + dz + ", owned=" + owned + "}";
  }
}
