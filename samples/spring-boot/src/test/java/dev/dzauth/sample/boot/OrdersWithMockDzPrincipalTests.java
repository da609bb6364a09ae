package dev.dzauth.sample.boot;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.dzauth.test.security.WithMockDzPrincipal;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A {@code @WebMvcTest} slice runs dz-auth's filter chain (registered for the slice by
 * dz-auth-test), not Boot's Basic default; {@code @WithMockDzPrincipal} stands for a token.
 */
@WebMvcTest(OrdersController.class)
final class OrdersWithMockDzPrincipalTests {

  @Autowired MockMvc mvc;

  @Test
  @WithMockDzPrincipal(subject = "alice", businessId = "b-1", scopes = "orders:read")
  void ordersWhenScopeHeldThenOkWithPrincipal() throws Exception {
    mvc.perform(get("/orders"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.subject").value("alice"))
        .andExpect(jsonPath("$.business_id").value("b-1"));
  }

  @Test
  @WithMockDzPrincipal(scopes = "orders:write")
  void ordersWhenScopeMissingThenForbiddenInsufficientScope() throws Exception {
    mvc.perform(get("/orders"))
        .andExpect(status().isForbidden())
        .andExpect(
            header().string("WWW-Authenticate", Matchers.containsString("insufficient_scope")));
  }

  @Test
  void ordersWhenNoPrincipalThenUnauthorizedBearerNotBasic() throws Exception {
    mvc.perform(get("/orders"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", Matchers.startsWith("Bearer realm=")));
  }
}
