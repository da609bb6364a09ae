package dev.dzauth.spring.boot.jetty;

import dev.dzauth.servlet.DzPrincipal;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The starter on Jetty ({@code spring-boot-starter-jetty}): its own factory bean, so the test class
 * path's Tomcat stays out of it.
 */
@SpringBootApplication
class JettyTestApplication {

  @Bean
  JettyServletWebServerFactory jetty() {
    return new JettyServletWebServerFactory();
  }

  @RestController
  static class Endpoints {

    @GetMapping("/api/v1/me")
    Map<String, Object> me(@AuthenticationPrincipal DzPrincipal me) {
      return Map.of("subject", me.subject(), "business_id", me.businessId());
    }
  }
}
