package dev.dzauth.spring.conformance;

import dev.dzauth.servlet.DzPrincipal;
import dev.dzauth.status.StatusListIndex;
import dev.dzauth.store.InMemoryStatusListIndex;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.testing.SwitchableTokenStore;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring side of {@link AdapterConformanceIT}: the starter with its default security chain and
 * the management API, the same signing key as the servlet side, a store that can be switched off,
 * and the protected resource {@code GET /api/v1/me} answering {@link PrincipalJson} bytes.
 */
@SpringBootApplication
class ConformanceApplication {

  static final AtomicBoolean STORE_DOWN = new AtomicBoolean();

  @Bean
  TokenStore conformanceStore() {
    return new SwitchableTokenStore(new InMemoryTokenStore(), STORE_DOWN);
  }

  @Bean
  StatusListIndex conformanceStatusListIndex() {
    return new InMemoryStatusListIndex();
  }

  @Bean
  KeySetHolder conformanceKeys() {
    return KeySetHolder.of(KeySet.of(AdapterConformanceIT.KEY));
  }

  @RestController
  static class Me {
    @GetMapping("/api/v1/me")
    ResponseEntity<byte[]> me(@AuthenticationPrincipal DzPrincipal me) {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(PrincipalJson.bytes(me));
    }
  }
}
