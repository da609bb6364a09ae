package dev.dzauth.test.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.DzPrincipal;
import dev.dzauth.spring.security.DzAuthenticationToken;
import dev.dzauth.test.DzAuthTestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.test.context.TestSecurityContextHolder;
import org.springframework.security.test.web.support.WebTestUtils;

/** What each post-processor does to a request. */
final class DzAuthRequestPostProcessorsTests {

  @RegisterExtension static final DzAuthTestTokens tokens = DzAuthTestTokens.create();

  @AfterEach
  void clear() {
    TestSecurityContextHolder.clearContext();
  }

  @Test
  void dzTokenWhenAppliedThenRequestContextHoldsDzAuthentication() {
    MockHttpServletRequest request = new MockHttpServletRequest();

    DzAuthRequestPostProcessors.dzToken()
        .subject("alice")
        .business("b-1")
        .scopes("orders:read")
        .jti("j-1")
        .postProcessRequest(request);

    Authentication authentication =
        WebTestUtils.getSecurityContextRepository(request)
            .loadDeferredContext(request)
            .get()
            .getAuthentication();
    assertThat(authentication).isInstanceOf(DzAuthenticationToken.class);
    DzPrincipal principal = (DzPrincipal) authentication.getPrincipal();
    assertThat(principal.subject()).isEqualTo("alice");
    assertThat(principal.businessId()).isEqualTo("b-1");
    assertThat(principal.jti()).isEqualTo("j-1");
    assertThat(authentication.getAuthorities())
        .extracting(Object::toString)
        .containsExactly("SCOPE_orders:read");
    assertThat(request.getHeader("Authorization")).isNull();
  }

  @Test
  void dzBearerWhenAppliedThenSendsATokenThatVerifies() {
    MockHttpServletRequest request = new MockHttpServletRequest();

    DzAuthRequestPostProcessors.dzBearer(tokens)
        .subject("bob")
        .business("b-2")
        .scopes("orders:read")
        .postProcessRequest(request);

    String header = request.getHeader("Authorization");
    assertThat(header).startsWith("Bearer dz_");
    assertThat(tokens.verifier().verify(header.substring("Bearer ".length())).subject())
        .isEqualTo("bob");
  }

  @Test
  void bearerWhenAppliedThenSendsTheToken() {
    MockHttpServletRequest request = new MockHttpServletRequest();

    DzAuthRequestPostProcessors.bearer("dz_x").postProcessRequest(request);

    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer dz_x");
  }
}
