package dev.dzauth.spring.boot.web;

import dev.dzauth.servlet.DzPrincipal;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.testing.SwitchableTokenStore;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application the HTTP tests start: two endpoints and a store that can be switched off. */
@SpringBootApplication
@EnableMethodSecurity
class WebTestApplication {

  /** Switches the store's status lookups off: they throw, as an unreachable database would. */
  static final AtomicBoolean STORE_DOWN = new AtomicBoolean();

  @Bean
  TokenStore switchableStore() {
    return new SwitchableTokenStore(new InMemoryTokenStore(), STORE_DOWN);
  }

  @RestController
  static class Endpoints {

    @GetMapping("/api/v1/me")
    Map<String, Object> me(@AuthenticationPrincipal DzPrincipal me) {
      return Map.of(
          "token_id", me.tokenId(),
          "jti", me.jti(),
          "subject", me.subject(),
          "business_id", me.businessId(),
          "scopes", new TreeSet<>(me.scopes()));
    }

    @GetMapping("/orders")
    @PreAuthorize("hasAuthority('SCOPE_orders:read')")
    Map<String, Object> orders() {
      return Map.of("orders", 3);
    }
  }
}
