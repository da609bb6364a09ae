package dev.dzauth.demo.interop;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * A stock Spring Boot resource server for opaque tokens, nothing of dz-auth on its class path's
 * beans: Spring Boot's own resource-server auto-configuration (its default security chain, every
 * request authenticated with {@code oauth2ResourceServer().opaqueToken()}) over one of Spring
 * Security's own introspectors, which sends the resource server's {@code dz_} token as {@code
 * Authorization: Bearer} (RFC 7662 §2.1 lets the protected resource authenticate with a bearer
 * token): {@code interop.introspector=spring} is {@link SpringOpaqueTokenIntrospector} over a
 * {@link RestTemplate} with a header interceptor, {@code rest-client} is {@code
 * RestClientOpaqueTokenIntrospector} (Spring Security 7.1 and later; made reflectively, so this
 * compiles against 7.0 too) over a {@link RestClient} with a default header. {@code GET /hello}
 * answers the introspected principal.
 */
@SpringBootApplication
public class StockResourceServer {

  private static final String REST_CLIENT_INTROSPECTOR =
      "org.springframework.security.oauth2.server.resource.introspection"
          + ".RestClientOpaqueTokenIntrospector";

  /** Whether this Spring Security has {@code RestClientOpaqueTokenIntrospector} (7.1 and later). */
  static boolean hasRestClientIntrospector() {
    try {
      Class.forName(REST_CLIENT_INTROSPECTOR);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Bean
  OpaqueTokenIntrospector introspector(
      @Value("${interop.introspection-uri}") String uri,
      @Value("${interop.token}") String token,
      @Value("${interop.introspector}") String kind) {
    if (kind.equals("rest-client")) {
      RestClient client = RestClient.builder().defaultHeaders(h -> h.setBearerAuth(token)).build();
      try {
        return (OpaqueTokenIntrospector)
            Class.forName(REST_CLIENT_INTROSPECTOR)
                .getConstructor(String.class, RestClient.class)
                .newInstance(uri, client);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("no " + REST_CLIENT_INTROSPECTOR + " here", e);
      }
    }
    RestTemplate rest = new RestTemplate();
    rest.getInterceptors()
        .add(
            (request, body, execution) -> {
              request.getHeaders().setBearerAuth(token);
              return execution.execute(request, body);
            });
    return new SpringOpaqueTokenIntrospector(uri, rest);
  }

  /** The protected resource. */
  @RestController
  static class Hello {
    @GetMapping("/hello")
    Map<String, Object> hello(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal principal) {
      Map<String, Object> answer = new TreeMap<>();
      answer.put("name", principal.getName());
      answer.put("business_id", String.valueOf((Object) principal.getAttribute("business_id")));
      answer.put(
          "authorities",
          principal.getAuthorities().stream()
              .map(GrantedAuthority::getAuthority)
              .sorted()
              .toList());
      return answer;
    }
  }
}
