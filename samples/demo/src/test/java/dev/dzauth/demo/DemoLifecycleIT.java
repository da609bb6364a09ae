package dev.dzauth.demo;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.testing.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A new user of the demo can try the lifecycle routes with the printed tokens: the bootstrap token
 * holds {@code tokens:admin}, the admin routes and roll are mapped.
 */
final class DemoLifecycleIT {

  @Test
  void theBootstrapTokenCanTryTheAdminRoutesAndRoll() throws Exception {
    try (DemoFixture fx = new DemoFixture()) {
      String bootstrap = fx.demo.bootstrapToken();
      JsonNode me = fx.http.get("/api/v1/me", bearer(bootstrap)).json();
      assertThat(me.get("scopes").toString())
          .isEqualTo(
              "[\"tokens:admin\",\"tokens:introspect\",\"tokens:read\",\"tokens:report-leaks\","
                  + "\"tokens:write\"]");
      assertThat(fx.http.get("/api/v1/me", bearer(fx.demo.otherToken())).json().get("scopes"))
          .as("the other user has the same scopes, in its own business")
          .isEqualTo(me.get("scopes"));

      Response dryRun =
          fx.http.post(
              "/api/v1/admin/tokens/revoke",
              "{\"dry_run\": true}",
              bearer(bootstrap, "x-business-id", fx.demo.businessId()));
      assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
      assertThat(dryRun.json().get("business_id").stringValue()).isEqualTo(fx.demo.businessId());
      assertThat(dryRun.json().get("affected").asLong()).isEqualTo(1);
      assertThat(fx.http.get("/api/v1/me", bearer(bootstrap)).status()).isEqualTo(200);

      String made =
          fx.http
              .post("/api/v1/tokens", "{\"name\": \"to roll\"}", bearer(bootstrap))
              .json()
              .get("token_info")
              .get("id")
              .stringValue();
      Response rolled = fx.http.post("/api/v1/tokens/" + made + "/roll", "", bearer(bootstrap));
      assertThat(rolled.status()).as(rolled.body()).isEqualTo(201);
      assertThat(rolled.json().get("previous_token_info").get("replaced_by").stringValue())
          .isEqualTo(rolled.json().get("token_info").get("id").stringValue());
    }
  }
}
