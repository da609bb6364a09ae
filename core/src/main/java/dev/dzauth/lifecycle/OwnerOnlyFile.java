package dev.dzauth.lifecycle;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Writes a secret to a new file that only its owner can read (0600 from creation on POSIX). */
final class OwnerOnlyFile {

  private OwnerOnlyFile() {}

  /**
   * Creates {@code file} (never replacing one) with mode 0600, writes {@code text} and a newline,
   * and forces it to disk.
   *
   * @throws FileAlreadyExistsException when the file exists
   */
  static void createWith(Path file, String text) throws IOException {
    boolean posix =
        Files.getFileAttributeView(
                file.toAbsolutePath().getParent() == null
                    ? file.toAbsolutePath()
                    : file.toAbsolutePath().getParent(),
                PosixFileAttributeView.class)
            != null;
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(
                  EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))
            }
            : new FileAttribute<?>[0];
    FileChannel created = FileChannel.open(file, options, attributes);
    try (FileChannel channel = created) {
      if (!posix) {
        File f = file.toFile();
        boolean restricted =
            f.setReadable(false, false)
                && f.setReadable(true, true)
                && f.setWritable(false, false)
                && f.setWritable(true, true);
        if (!restricted) {
          throw new IOException("cannot make " + file + " readable by its owner only");
        }
      }
      ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(file, e);
      throw e;
    }
  }

  /** Deletes {@code file}, a failure to do so suppressed into {@code cause}. */
  static void deleteQuietly(Path file, Exception cause) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
