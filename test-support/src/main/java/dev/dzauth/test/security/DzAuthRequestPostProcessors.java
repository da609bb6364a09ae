package dev.dzauth.test.security;

import dev.dzauth.spring.security.DzAuthenticationToken;
import dev.dzauth.test.DzAuthTestTokens;
import java.util.Objects;
import java.util.Set;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * MockMvc request post-processors for dz-auth, as {@code SecurityMockMvcRequestPostProcessors} has
 * {@code jwt()}:
 *
 * <pre>{@code
 * mvc.perform(get("/orders").with(dzToken().subject("alice").business("b-1").scopes("orders:read")));
 * mvc.perform(get("/orders").with(dzBearer(tokens).subject("alice").business("b-1").scopes("orders:read")));
 * mvc.perform(get("/orders").with(bearer(token)));
 * }</pre>
 *
 * <p>{@link #dzToken()} authenticates the request without a token (nothing is verified, the
 * business header is not checked); {@link #dzBearer} and {@link #bearer} send a real {@code
 * Authorization: Bearer dz_…} header, which the application's own filter chain verifies. Every
 * post-processor is a new mutable object; not thread-safe.
 */
public final class DzAuthRequestPostProcessors {

  private DzAuthRequestPostProcessors() {}

  /**
   * Authenticates the request as the holder of a token, without one: its security context holds a
   * real {@link DzAuthenticationToken} (principal and {@code SCOPE_} authorities mapped by the
   * starter's own code). Needs MockMvc set up with Spring Security's test support ({@code
   * SecurityMockMvcConfigurers.springSecurity()}, which {@code @WebMvcTest} and
   * {@code @AutoConfigureMockMvc} apply).
   */
  public static DzTokenRequestPostProcessor dzToken() {
    return new DzTokenRequestPostProcessor();
  }

  /**
   * Sends a real token, minted when the request is built by {@code tokens} (whose assembly must be
   * the one the application verifies with, see {@link DzAuthTestConfiguration}).
   */
  public static DzBearerRequestPostProcessor dzBearer(DzAuthTestTokens tokens) {
    return new DzBearerRequestPostProcessor(tokens);
  }

  /** Sends {@code Authorization: Bearer <token>}. */
  public static RequestPostProcessor bearer(String token) {
    Objects.requireNonNull(token, "token");
    return request -> {
      request.addHeader("Authorization", "Bearer " + token);
      return request;
    };
  }

  /** The token holder a request is made by: subject, business, scopes. */
  abstract static class Holder<T extends Holder<T>> implements RequestPostProcessor {
    String subject = "user";
    String businessId = "business";
    Set<String> scopes = Set.of();

    abstract T self();

    /** The subject ({@code sub}); default {@code user}. */
    public T subject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject");
      return self();
    }

    /** The business the token is bound to; default {@code business}. */
    public T business(String businessId) {
      this.businessId = Objects.requireNonNull(businessId, "businessId");
      return self();
    }

    /** The token's scopes (replacing those given before); default none. */
    public T scopes(String... scopes) {
      this.scopes = Set.of(scopes);
      return self();
    }
  }

  /**
   * Authenticates a request as the holder of a token without sending one (see {@link #dzToken()}):
   * the request's security context holds a {@code DzAuthenticationToken} built by the starter's
   * {@link DzAuthenticationToken#of}. Defaults: subject {@code user}, business {@code business}, no
   * scopes.
   */
  public static final class DzTokenRequestPostProcessor
      extends Holder<DzTokenRequestPostProcessor> {
    private String tokenId = "00000000-0000-0000-0000-000000000000";
    private String jti = "mock-jti";

    private DzTokenRequestPostProcessor() {}

    @Override
    DzTokenRequestPostProcessor self() {
      return this;
    }

    /** The id of the token's record; default all zeros. */
    public DzTokenRequestPostProcessor tokenId(String tokenId) {
      this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
      return this;
    }

    /** The token's {@code jti}; default {@code mock-jti}. */
    public DzTokenRequestPostProcessor jti(String jti) {
      this.jti = Objects.requireNonNull(jti, "jti");
      return this;
    }

    @Override
    public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
      DzAuthenticationToken authentication =
          MockDzAuthentication.of(tokenId, jti, subject, businessId, scopes);
      return SecurityMockMvcRequestPostProcessors.authentication(authentication)
          .postProcessRequest(request);
    }
  }

  /**
   * Sends {@code Authorization: Bearer dz_…} with a token minted, when the request is built, by the
   * {@link DzAuthTestTokens} given to {@link #dzBearer}: the application's filter chain verifies it
   * and checks {@code x-business-id} against its business. Each request gets a new token.
   */
  public static final class DzBearerRequestPostProcessor
      extends Holder<DzBearerRequestPostProcessor> {
    private final DzAuthTestTokens tokens;

    private DzBearerRequestPostProcessor(DzAuthTestTokens tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    DzBearerRequestPostProcessor self() {
      return this;
    }

    @Override
    public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
      return bearer(tokens.mint(subject, businessId, scopes.toArray(String[]::new)))
          .postProcessRequest(request);
    }
  }
}
