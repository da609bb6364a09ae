package dev.dzauth.testing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 condition behind {@link RequiresDatabase}: checks once per run that each server
 * answers. Unreachable: with {@code CI=true} the test class fails loudly; otherwise it is reported
 * as skipped with a message naming the server.
 */
public final class DatabaseAvailability implements ExecutionCondition {

  private static final Map<Databases.Server, Optional<String>> PROBED = new ConcurrentHashMap<>();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresDatabase> needs =
        AnnotationSupport.findAnnotation(context.getTestClass(), RequiresDatabase.class);
    if (needs.isEmpty()) {
      return ConditionEvaluationResult.enabled("no database needed");
    }
    for (Databases.Server server : needs.get().value()) {
      Optional<String> problem = PROBED.computeIfAbsent(server, Databases::probe);
      if (problem.isEmpty()) {
        continue;
      }
      if (Databases.inCi()) {
        throw new AssertionError(problem.get() + " (CI=true: the integration tests need it)");
      }
      String message =
          problem.get() + " — skipped; start it, or set CI=true to make this a failure";
      System.err.println("[dz-auth] " + context.getDisplayName() + ": " + message);
      return ConditionEvaluationResult.disabled(message);
    }
    return ConditionEvaluationResult.enabled(
        java.util.Arrays.toString(needs.get().value()) + " reachable");
  }
}
