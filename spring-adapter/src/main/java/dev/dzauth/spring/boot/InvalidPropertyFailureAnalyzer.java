package dev.dzauth.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad {@code dz.auth.*} property at start-up in one message that names it. */
final class InvalidPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
    String property = String.valueOf(cause.getMessage()).split(":", 2)[0];
    return new FailureAnalysis(
        "dz-auth could not start: " + cause.getMessage(),
        "Correct "
            + property
            + " in the application's configuration (application.properties or"
            + " .yml, or the environment).",
        cause);
  }
}
