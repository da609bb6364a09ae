package dev.dzauth.sample.boot;

import static dev.dzauth.test.security.DzAuthRequestPostProcessors.bearer;
import static dev.dzauth.test.security.DzAuthRequestPostProcessors.dzBearer;
import static dev.dzauth.test.security.DzAuthRequestPostProcessors.dzToken;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dzauth.test.DzAuthTestTokens;
import dev.dzauth.test.security.DzAuthTestConfiguration;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The MockMvc post-processors in a slice: {@code dzToken()} authenticates without a token, {@code
 * dzBearer(tokens)} sends a real one minted in the slice's own assembly, verified by its filter.
 */
@WebMvcTest(OrdersController.class)
@Import(DzAuthTestConfiguration.class)
final class OrdersWithRequestPostProcessorTests {

  @Autowired MockMvc mvc;
  @Autowired DzAuthTestTokens tokens;

  @Test
  void dzTokenWhenScopeHeldThenOk() throws Exception {
    mvc.perform(get("/orders").with(dzToken().subject("bob").business("b-2").scopes("orders:read")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.subject").value("bob"))
        .andExpect(jsonPath("$.business_id").value("b-2"));
  }

  @Test
  void dzTokenWhenScopeMissingThenForbidden() throws Exception {
    mvc.perform(get("/orders").with(dzToken().scopes("orders:write")))
        .andExpect(status().isForbidden());
  }

  @Test
  void dzBearerWhenRealTokenThenVerifiedByTheFilterChain() throws Exception {
    mvc.perform(
            get("/orders")
                .with(dzBearer(tokens).subject("carol").business("b-3").scopes("orders:read")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.subject").value("carol"));
  }

  @Test
  void dzBearerWhenOtherBusinessHeaderThenForbidden() throws Exception {
    mvc.perform(
            get("/orders")
                .header("x-business-id", "b-other")
                .with(dzBearer(tokens).business("b-3").scopes("orders:read")))
        .andExpect(status().isForbidden());
  }

  @Test
  void bearerWhenNotATokenThenUnauthorizedInvalidToken() throws Exception {
    mvc.perform(get("/orders").with(bearer("dz_not-a-token")))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", Matchers.containsString("invalid_token")));
  }
}
