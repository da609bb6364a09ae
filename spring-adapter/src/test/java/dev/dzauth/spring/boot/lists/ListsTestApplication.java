package dev.dzauth.spring.boot.lists;

import dev.dzauth.servlet.DzPrincipal;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application of {@link StatusListsHttpIT}, started twice: as the issuer (status lists on) and
 * as a verify-only service of it. One protected endpoint; the starter's defaults otherwise.
 */
@SpringBootApplication
class ListsTestApplication {

  @RestController
  static class Endpoints {
    @GetMapping("/api/v1/me")
    Map<String, Object> me(@AuthenticationPrincipal DzPrincipal me) {
      return Map.of("subject", me.subject(), "jti", me.jti(), "token_id", me.tokenId());
    }
  }
}
