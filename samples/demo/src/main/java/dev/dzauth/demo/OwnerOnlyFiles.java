package dev.dzauth.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes secrets (key files) readable by their owner only from the first byte: the content goes to
 * a temporary file of the same folder created with mode 0600, which is then moved into place
 * atomically. No other local user can open the file in between, as with write-then-chmod.
 */
final class OwnerOnlyFiles {

  private OwnerOnlyFiles() {}

  /** Writes {@code content} to {@code target}, which must not exist yet. */
  static void write(Path target, String content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] ownerOnly =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", ownerOnly);
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      if (Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
