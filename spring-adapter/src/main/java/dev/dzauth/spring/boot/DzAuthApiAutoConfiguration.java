package dev.dzauth.spring.boot;

import dev.dzauth.http.TokenApi;
import dev.dzauth.lifecycle.TokenService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.function.RouterFunction;

/**
 * The token-management API of docs/API.md (Endpoints; {@code dz.auth.api.enabled=true}), served by
 * Spring MVC through the shared {@link TokenApi}: the same JSON, errors and pagination as the
 * servlet version.
 */
@AutoConfiguration(after = DzAuthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({TokenApi.class, RouterFunction.class})
@ConditionalOnProperty(prefix = "dz.auth.api", name = "enabled", havingValue = "true")
@ConditionalOnBean(TokenService.class)
@Import(ApiConfiguration.class)
public class DzAuthApiAutoConfiguration {}
