package dev.dzauth.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.servlet.testing.HardenedServer;
import dev.dzauth.testing.CaseVariants;
import dev.dzauth.testing.RawHttpConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jetty keeps a per-connection cache of header fields; matched case-insensitively (its default), a
 * token with its letter case changed was answered with the cached, real token. Over one raw
 * keep-alive connection, the real token passes and every variant is refused.
 */
final class HeaderCacheCaseIT {

  @Test
  void aTokenWithItsCaseChangedIsRefusedOnTheSameKeepAliveConnection() throws Exception {
    try (HardenedServer s = new HardenedServer();
        RawHttpConnection c = new RawHttpConnection(s.port())) {
      String token = s.service.create(s.alice, CreateTokenRequest.named("case")).token();

      assertThat(c.get("/me", "Authorization: Bearer " + token).status()).isEqualTo(200);
      for (Map.Entry<String, String> v : CaseVariants.of(token).entrySet()) {
        RawHttpConnection.Response r = c.get("/me", "Authorization: Bearer " + v.getValue());
        assertThat(r.status()).as(v.getKey()).isEqualTo(401);
        assertThat(r.body()).as(v.getKey()).doesNotContain("name=alice");
      }
      assertThat(c.get("/me", "Authorization: Bearer " + token).status()).isEqualTo(200);
    }
  }

  @Test
  void aTokenWithItsCaseChangedIsRefusedAfterAnEmptyDzCredentialOnAFreshConnection()
      throws Exception {
    try (HardenedServer s = new HardenedServer();
        RawHttpConnection c = new RawHttpConnection(s.port())) {
      String token = s.service.create(s.alice, CreateTokenRequest.named("case")).token();

      assertThat(c.get("/me", "Authorization: Bearer dz_").status()).isEqualTo(401);
      assertThat(c.get("/me", "Authorization: Bearer " + token).status()).isEqualTo(200);
      for (Map.Entry<String, String> v : CaseVariants.of(token).entrySet()) {
        assertThat(c.get("/me", "Authorization: Bearer " + v.getValue()).status())
            .as(v.getKey())
            .isEqualTo(401);
      }
    }
  }
}
