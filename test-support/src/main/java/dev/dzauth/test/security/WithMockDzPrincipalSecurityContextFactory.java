package dev.dzauth.test.security;

import java.util.Set;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/** The security context of {@link WithMockDzPrincipal}. */
final class WithMockDzPrincipalSecurityContextFactory
    implements WithSecurityContextFactory<WithMockDzPrincipal> {

  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  @Override
  public SecurityContext createSecurityContext(WithMockDzPrincipal mock) {
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(
        MockDzAuthentication.of(
            mock.tokenId(),
            mock.jti(),
            mock.subject(),
            mock.businessId(),
            Set.of(mock.scopes()),
            mock.environmentId().isEmpty() ? null : mock.environmentId()));
    return context;
  }
}
