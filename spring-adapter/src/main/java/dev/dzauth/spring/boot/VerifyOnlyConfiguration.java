package dev.dzauth.spring.boot;

import dev.dzauth.assembly.VerifyOnly;
import dev.dzauth.token.TokenVerifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * A verify-only service ({@code dz.auth.verify-only.issuer}): the {@link VerifyOnly} assembly of
 * the issuer at that URL, closed by the container, and its {@link TokenVerifier}, which the servlet
 * filter and Spring Security authenticate with. No store, keys, assembly, token service or API.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(VerifyOnlyMode.On.class)
class VerifyOnlyConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  VerifyOnly dzAuthVerifyOnly(DzAuthProperties properties) {
    return CoreProperties.verifyOnly(properties);
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  TokenVerifier dzAuthTokenVerifier(VerifyOnly verifyOnly) {
    return verifyOnly.verifier();
  }
}
