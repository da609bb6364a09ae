package dev.dzauth.spring.sample;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.servlet.DzPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring Boot counterpart of the demo (README, "The demo"): listens on 127.0.0.1:{@code
 * $DZ_PORT} (8080), prints a bootstrap token, its business id and another user's token, and serves
 * {@code GET /api/v1/me}. With {@code DZ_JDBC_URL} (and {@code DZ_JDBC_USER}, {@code
 * DZ_JDBC_PASSWORD}) it uses that database, otherwise the in-memory store. Run it with
 *
 * <pre>{@code
 * ./mvnw -q -pl spring-adapter -am -Pspring-sample -Dquick -DskipTests package
 * }</pre>
 */
@SpringBootApplication
@EnableMethodSecurity
public class SampleApplication {

  /** The scopes of the printed tokens: enough to create, list and revoke tokens. */
  static final Set<String> SCOPES = Set.of("tokens:read", "tokens:write");

  public static void main(String[] args) {
    new SpringApplicationBuilder(SampleApplication.class).properties(defaults()).run(args);
  }

  static Map<String, Object> defaults() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.address", "127.0.0.1");
    p.put("server.port", "${DZ_PORT:8080}");
    p.put("dz.auth.issuer", "https://dz-auth.sample");
    p.put("dz.auth.api.enabled", "true");
    p.put("dz.auth.store.table-prefix", "${DZ_TABLE_PREFIX:dz_}");
    p.put("spring.main.banner-mode", "off");
    p.put("management.endpoints.web.exposure.include", "health,metrics");
    String jdbc = System.getenv("DZ_JDBC_URL");
    if (jdbc != null && !jdbc.isBlank()) {
      p.put("spring.datasource.url", jdbc);
      p.put("spring.datasource.username", "${DZ_JDBC_USER:}");
      p.put("spring.datasource.password", "${DZ_JDBC_PASSWORD:}");
    } else {
      p.put(
          "spring.autoconfigure.exclude",
          "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
    }
    return p;
  }

  /** Prints the demo's token lines once the application serves. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> printBootstrapTokens(TokenService tokens) {
    return event -> {
      String business = UUID.randomUUID().toString();
      String bootstrap =
          tokens
              .create(
                  new Caller("bootstrap-user", business, SCOPES),
                  CreateTokenRequest.named("bootstrap"))
              .token();
      String otherBusiness = UUID.randomUUID().toString();
      String other =
          tokens
              .create(
                  new Caller("other-user", otherBusiness, SCOPES),
                  CreateTokenRequest.named("other user"))
              .token();
      // The demo contract prints the tokens on standard output; they are never logged.
      System.out.println("Bootstrap token: " + bootstrap);
      System.out.println("Business id: " + business);
      System.out.println("Other user token: " + other);
      System.out.println("Other business id: " + otherBusiness);
      System.out.flush();
    };
  }

  /** The protected sample endpoint. */
  @RestController
  static class MeController {

    @GetMapping("/api/v1/me")
    Map<String, Object> me(@AuthenticationPrincipal DzPrincipal me) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token_id", me.tokenId());
      body.put("jti", me.jti());
      body.put("subject", me.subject());
      body.put("business_id", me.businessId());
      body.put("scopes", new TreeSet<>(me.scopes()));
      return body;
    }
  }
}
