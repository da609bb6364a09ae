package dev.dzauth.spring.boot.plain;

import dev.dzauth.servlet.DzAuthFilter;
import dev.dzauth.servlet.DzPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Spring MVC application without Spring Security: the servlet filter guards it. */
@SpringBootApplication
class PlainServletApplication {

  @RestController
  static class Me {
    @GetMapping("/api/v1/me")
    Map<String, Object> me(HttpServletRequest request) {
      DzPrincipal p = (DzPrincipal) request.getUserPrincipal();
      return Map.of(
          "subject",
          p.getName(),
          "authType",
          String.valueOf(request.getAuthType()),
          "filter",
          DzAuthFilter.AUTH_TYPE);
    }
  }
}
