package dev.dzauth.spring.boot;

import dev.dzauth.servlet.DzAuthFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Import;

/**
 * Without Spring Security, the servlet {@link DzAuthFilter} guards every request (except {@code
 * dz.auth.public-paths}, and those of {@code dz.auth.required-scopes}), with the same answers as
 * the servlet integration.
 */
@AutoConfiguration(after = {DzAuthAutoConfiguration.class, DzAuthApiAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DzAuthFilter.class, FilterRegistrationBean.class})
@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
@Import(ServletFilterConfiguration.class)
public class DzAuthServletFilterAutoConfiguration {}
