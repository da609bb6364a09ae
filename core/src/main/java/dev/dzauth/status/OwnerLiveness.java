package dev.dzauth.status;

/**
 * SPI the application implements: whether the owner of a token (a user in a business) is still
 * active in the application's own records. Consulted on verification through {@link
 * OwnerLivenessCache}, so deactivating a user or a business in the application's database stops its
 * tokens within the status cache's bounds, with no call into dz-auth.
 *
 * <p>Implementations must be thread-safe and should be fast (a primary-key lookup); whatever they
 * throw is "store unavailable", never an answer.
 */
@FunctionalInterface
public interface OwnerLiveness {

  /**
   * Whether {@code subject} in {@code businessId} may still use its tokens.
   *
   * @throws Exception when the application cannot answer
   */
  boolean isActive(String subject, String businessId) throws Exception;
}
