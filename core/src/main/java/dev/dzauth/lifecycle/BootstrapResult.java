package dev.dzauth.lifecycle;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What {@link TokenService#bootstrap} did. Carries no token: safe to log.
 *
 * @param outcome what happened
 * @param recordId the bootstrap record's id ({@link BootstrapToken#recordId()})
 * @param displayPrefix the new token's display prefix when {@link Outcome#CREATED}, else {@code
 *     null}
 * @param tokenFile the file the token was (or would have been) written to
 */
public record BootstrapResult(
    Outcome outcome, String recordId, @Nullable String displayPrefix, Path tokenFile) {

  /** What a bootstrap did. */
  public enum Outcome {
    /** The token was created, stored, and written to the file. */
    CREATED,
    /**
     * Nothing: the bootstrap record exists (an earlier start, or another instance that won the
     * race), whatever its state (revoked and deleted included: once means once).
     */
    ALREADY_CREATED,
    /** Nothing: the subject already has a token in the business (revoked ones included). */
    SUBJECT_HAS_TOKENS
  }
}
