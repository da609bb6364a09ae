package dev.dzauth.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security integration, when Spring Security is on the class path of a servlet web
 * application: the {@code dz_} authentication provider, entry point and access-denied handler used
 * by {@link dev.dzauth.spring.security.DzAuthConfigurer}, and a default {@link SecurityFilterChain}
 * (every request needs a token except {@code dz.auth.public-paths}) that backs off as soon as the
 * application defines its own chain.
 */
@AutoConfiguration(
    after = DzAuthAutoConfiguration.class,
    beforeName = {
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"
    })
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({SecurityConfiguration.class, DefaultSecurityFilterChainConfiguration.class})
public class DzAuthSecurityAutoConfiguration {}
