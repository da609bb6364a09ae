package dev.dzauth.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class only when every server of {@link #value()} answers: otherwise the
 * class is skipped with a message naming the server, or fails when the environment variable {@code
 * CI} is {@code true}. See {@link DatabaseAvailability}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DatabaseAvailability.class)
public @interface RequiresDatabase {

  /** The servers the class needs. */
  Databases.Server[] value();
}
