package dev.dzauth.lifecycle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * The first token of a deployment, made by {@link TokenService#bootstrap} at first start: for
 * {@code subject} in {@code businessId}, named {@code name}, with {@code scopes}, written to {@code
 * tokenFile} (created owner-only, never overwritten).
 *
 * @param subject the token's subject (user)
 * @param businessId the token's business
 * @param name the token's name (1 to 255 characters)
 * @param scopes the token's scopes (at least one)
 * @param tokenFile the file the token is written to; it must not exist, its directory must
 */
public record BootstrapToken(
    String subject, String businessId, String name, Set<String> scopes, Path tokenFile) {

  /** The name given when none is. */
  public static final String DEFAULT_NAME = "bootstrap";

  /** The scopes given when none are: those of the token API. */
  public static final Set<String> DEFAULT_SCOPES = Set.of("tokens:read", "tokens:write");

  public BootstrapToken {
    requireText(subject, "subject");
    requireText(businessId, "businessId");
    requireText(name, "name");
    Objects.requireNonNull(tokenFile, "tokenFile");
    scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("bootstrap scopes must not be empty");
    }
  }

  /** A bootstrap of {@link #DEFAULT_NAME} with {@link #DEFAULT_SCOPES}. */
  public static BootstrapToken of(String subject, String businessId, Path tokenFile) {
    return new BootstrapToken(subject, businessId, DEFAULT_NAME, DEFAULT_SCOPES, tokenFile);
  }

  /**
   * The id of the bootstrap record of this subject and business: {@code bootstrap-} and 32 hex
   * digits of a SHA-256 of both. The same on every instance and every start, so a second insert is
   * a duplicate, which is how "once" holds across instances racing on one store.
   */
  public String recordId() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("dz-auth bootstrap v1\0".getBytes(StandardCharsets.UTF_8));
      sha.update(subject.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(businessId.getBytes(StandardCharsets.UTF_8));
      return "bootstrap-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException("bootstrap " + what + " must not be blank");
    }
  }
}
