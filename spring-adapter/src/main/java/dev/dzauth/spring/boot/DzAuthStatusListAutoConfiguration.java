package dev.dzauth.spring.boot;

import dev.dzauth.http.HttpErrors;
import dev.dzauth.http.StatusListEndpoint;
import dev.dzauth.http.TokenApi;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.token.KeySetHolder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The issuer's Token Status Lists at {@code /statuslists/{n}} ({@code
 * dz.auth.status-lists.base-uri}), served by Spring MVC through the shared {@code
 * StatusListEndpoint}: the same answers as {@code DzTokenApiServlet}'s, with or without the token
 * API, and the JWK Set at {@code /.well-known/jwks.json} when the token API (which serves it
 * otherwise) is off. The default security chain and the servlet filter let both through without a
 * token.
 */
@AutoConfiguration(after = DzAuthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({StatusListEndpoint.class, RouterFunction.class})
@ConditionalOnBean(StatusListPublisher.class)
public class DzAuthStatusListAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "dzAuthStatusListRoutes")
  RouterFunction<ServerResponse> dzAuthStatusListRoutes(
      StatusListPublisher publisher,
      HttpErrors errors,
      KeySetHolder keys,
      ObjectProvider<TokenApi> api) {
    // The JWK Set too when the token API (which serves it otherwise) is off: verifiers need both.
    return TokenApiRoutes.statusLists(
        StatusListEndpoint.of(publisher), errors, api.getIfAvailable() == null ? keys : null);
  }
}
