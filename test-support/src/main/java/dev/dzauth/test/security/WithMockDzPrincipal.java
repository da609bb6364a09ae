package dev.dzauth.test.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test (method, or every method of a class) as the holder of a {@code dz_} token, the way
 * {@code @WithMockUser} runs it as a user: the security context holds a real {@link
 * dev.dzauth.spring.security.DzAuthenticationToken} whose principal is a {@link
 * dev.dzauth.servlet.DzPrincipal} with these values and whose authorities are {@code SCOPE_<scope>}
 * for each scope, mapped by the starter's own code. So {@code @AuthenticationPrincipal
 * DzPrincipal}, {@code hasAuthority("SCOPE_orders:read")} and {@code @PreAuthorize} behave as in
 * production.
 *
 * <pre>{@code
 * @Test
 * @WithMockDzPrincipal(subject = "alice", businessId = "b-1", scopes = "orders:read")
 * void listsOrders() throws Exception {
 *   mvc.perform(get("/orders")).andExpect(status().isOk());
 * }
 * }</pre>
 *
 * <p>No token is verified and no request header is checked: the {@code x-business-id} check of the
 * filter runs only for requests carrying a token (use {@link DzAuthRequestPostProcessors#dzBearer}
 * with a real token to test it). Needs {@code spring-security-test} and Spring's test context (for
 * MockMvc, {@code @WebMvcTest} or {@code @AutoConfigureMockMvc}).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithMockDzPrincipalSecurityContextFactory.class)
public @interface WithMockDzPrincipal {

  /** The subject ({@code sub}), also the principal's name. */
  String subject() default "user";

  /** The business the token is bound to. */
  String businessId() default "business";

  /** The token's scopes; each becomes the authority {@code SCOPE_<scope>}. */
  String[] scopes() default {};

  /** The id of the token's record. */
  String tokenId() default "00000000-0000-0000-0000-000000000000";

  /** The token's {@code jti}. */
  String jti() default "mock-jti";

  /**
   * The environment an environment-scoped token is bound to ({@code token_scope} {@code
   * environment}); empty (the default) for a token of the whole business.
   */
  String environmentId() default "";

  /** When the security context is set up; as {@code @WithMockUser}'s. */
  @AliasFor(annotation = WithSecurityContext.class)
  TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;
}
