package dev.dzauth.spring.boot.pg;

import dev.dzauth.servlet.DzPrincipal;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application on the real PostgreSQL: the starter picks the JDBC store from its DataSource. */
@SpringBootApplication
class PostgresTestApplication {

  @RestController
  static class Me {
    @GetMapping("/api/v1/me")
    Map<String, Object> me(@AuthenticationPrincipal DzPrincipal me) {
      return Map.of("subject", me.subject(), "token_id", me.tokenId());
    }
  }
}
