package dev.dzauth.spring.boot;

/**
 * A {@code dz.auth.*} property (or the key file it names) that cannot be used; the message starts
 * with the property's name as the user writes it. {@link InvalidPropertyFailureAnalyzer} turns it
 * into Spring Boot's one start-up report instead of a stack trace.
 */
final class InvalidPropertyException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  InvalidPropertyException(String message, Throwable cause) {
    super(message, cause);
  }
}
