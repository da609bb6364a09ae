/**
 * dz-auth for {@code jakarta.servlet}: the authentication {@code Filter}, the token-management API
 * servlet and Jetty hardening ({@code dev.dzauth.servlet}, {@code dev.dzauth.servlet.jetty}).
 *
 * <p>{@code dev.dzauth.http} and {@code dev.dzauth.http.servlet} are the adapter SPI: the one
 * implementation of every HTTP rule, shared by this module and the Spring Boot starter only, so
 * they are exported to nothing else. They are not API and may change in any release.
 */
module dev.dzauth.servlet {
  requires transitive dev.dzauth.core;
  requires transitive jakarta.servlet;
  requires tools.jackson.databind;
  requires org.slf4j;
  requires static transitive org.jspecify;
  // Optional: JDBC stores from init-params (HikariCP, JNDI) and the Jetty hardening.
  requires static com.zaxxer.hikari;
  requires static java.naming;
  requires static org.eclipse.jetty.server;
  requires static org.eclipse.jetty.http;
  requires static org.eclipse.jetty.util;

  exports dev.dzauth.servlet;
  exports dev.dzauth.servlet.jetty;
  exports dev.dzauth.http to
      dev.dzauth.spring;
  exports dev.dzauth.http.servlet to
      dev.dzauth.spring;
}
