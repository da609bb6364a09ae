package dev.dzauth.test.security;

import dev.dzauth.assembly.DzAuth;
import dev.dzauth.test.DzAuthTestTokens;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A {@link DzAuthTestTokens} bean over the application's own {@link DzAuth} (the starter's bean or
 * yours), so minted tokens are verified, and can be revoked, by the application under test. Import
 * it into a test: {@code @SpringBootTest @Import(DzAuthTestConfiguration.class)} or
 * {@code @WebMvcTest @Import(DzAuthTestConfiguration.class)}, then {@code @Autowired
 * DzAuthTestTokens tokens}. The assembly stays the container's to close.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DzAuthTestConfiguration {

  @Bean
  DzAuthTestTokens dzAuthTestTokens(DzAuth dz) {
    return DzAuthTestTokens.of(dz);
  }
}
