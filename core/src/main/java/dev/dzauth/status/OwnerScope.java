package dev.dzauth.status;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An owner of tokens that an owner-level change applies to: a whole business, or one subject (user)
 * within it.
 *
 * @param businessId the business
 * @param subject the subject within it, or {@code null} for every subject of the business
 */
public record OwnerScope(String businessId, @Nullable String subject) {

  public OwnerScope {
    Objects.requireNonNull(businessId, "businessId");
    if (businessId.isEmpty()) {
      throw new IllegalArgumentException("businessId must not be empty");
    }
    if (subject != null && subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty (null means every subject)");
    }
  }

  /** Every subject's tokens in {@code businessId}. */
  public static OwnerScope business(String businessId) {
    return new OwnerScope(businessId, null);
  }

  /** The tokens of {@code subject} in {@code businessId}. */
  public static OwnerScope subject(String businessId, String subject) {
    return new OwnerScope(businessId, Objects.requireNonNull(subject, "subject"));
  }

  /** Whether this is a whole business. */
  public boolean isBusiness() {
    return subject == null;
  }

  /** Whether the tokens of {@code subject} in {@code businessId} are within this scope. */
  public boolean covers(String subject, String businessId) {
    return this.businessId.equals(businessId)
        && (this.subject == null || this.subject.equals(subject));
  }

  /** Whether the token this state belongs to is within this scope (never for an unknown one). */
  public boolean covers(VersionedStatus state) {
    String s = state.subject();
    String b = state.businessId();
    return s != null && b != null && covers(s, b);
  }
}
