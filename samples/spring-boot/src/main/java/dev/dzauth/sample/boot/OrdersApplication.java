package dev.dzauth.sample.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * An application with one endpoint, {@code GET /orders}, behind the starter's default filter chain
 * (every request needs a {@code dz_} token) and method security (the endpoint needs the scope
 * {@code orders:read}). Its tests show the three tools of dz-auth-test.
 */
@SpringBootApplication
@EnableMethodSecurity
public class OrdersApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }
}
