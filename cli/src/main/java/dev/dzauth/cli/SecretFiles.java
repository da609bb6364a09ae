package dev.dzauth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that hold secrets: created with mode 0600, never readable by others even briefly.
 */
final class SecretFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private SecretFiles() {}

  /**
   * Writes {@code text} to {@code file}, created 0600. An existing file is kept unless {@code
   * replace}; then the new content is written beside it and moved over it atomically.
   */
  static void write(Path file, String text, boolean replace) throws IOException {
    Path target = file.toAbsolutePath();
    if (!replace && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path tmp =
        Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", ownerOnly());
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      if (replace) {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // createLink fails if the target appeared meanwhile: never overwrite what we did not mean
        // to.
        Files.createLink(target, tmp);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes a file that holds no secret (a public JWK Set), readable by everyone. */
  static void writePublic(Path file, String text, boolean replace) throws IOException {
    if (replace) {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } else {
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    boolean posix =
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }
}
