package dev.dzauth.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether {@code dz.auth.verify-only.issuer} is set: then the starter builds a verify-only service
 * ({@link VerifyOnlyConfiguration}) and none of the store, keys, assembly and token API beans.
 */
final class VerifyOnlyMode {

  static final String PROPERTY = "dz.auth.verify-only.issuer";

  private VerifyOnlyMode() {}

  static boolean isOn(ConditionContext context) {
    String v = context.getEnvironment().getProperty(PROPERTY);
    return v != null && !v.isBlank();
  }

  /** Matches when {@value #PROPERTY} is set. */
  static final class On extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return isOn(context)
          ? ConditionOutcome.match(PROPERTY + " is set: verify-only")
          : ConditionOutcome.noMatch(PROPERTY + " is not set");
    }
  }

  /** Matches when {@value #PROPERTY} is not set. */
  static final class Off extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return isOn(context)
          ? ConditionOutcome.noMatch(PROPERTY + " is set: verify-only, no store nor keys")
          : ConditionOutcome.match(PROPERTY + " is not set");
    }
  }
}
