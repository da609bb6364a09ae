package dev.dzauth.spring.boot;

import dev.dzauth.servlet.jetty.JettyHardening;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * When the application runs on Jetty, hardens every HTTP connector with {@link
 * JettyHardening#harden}: Jetty's per-connection header cache then compares values
 * case-sensitively, so a token with its letter case changed is never handed over as the cached,
 * real token (Jetty's default matches them ignoring case). Tomcat needs nothing of the kind.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({
  org.eclipse.jetty.server.Server.class,
  ConfigurableJettyWebServerFactory.class,
  JettyHardening.class
})
public class DzAuthJettyAutoConfiguration {

  @Bean
  WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> dzAuthJettyHardening() {
    return factory ->
        factory.addServerCustomizers(
            server -> {
              for (Connector connector : server.getConnectors()) {
                HttpConnectionFactory http =
                    connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                  JettyHardening.harden(http.getHttpConfiguration());
                }
              }
            });
  }
}
