package dev.dzauth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DemoKeyFileTests {

  @Test
  void withoutAKeyFileEveryStartSignsWithAFreshEs256Key() throws Exception {
    KeySet first = DemoServer.keys(null);
    KeySet second = DemoServer.keys(" ");

    assertThat(first.activeKey())
        .get()
        .extracting(k -> k.algorithm())
        .isEqualTo(SignatureAlgorithm.ES256);
    assertThat(first.activeKey().get()).isNotEqualTo(second.activeKey().get());
  }

  @Test
  void aKeyFileIsWrittenOnceOwnerOnlyAndReadBackOnTheNextStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("demo-keys.json");

    KeySet written = DemoServer.keys(file.toString());
    KeySet readBack = DemoServer.keys(file.toString());

    assertThat(readBack.activeKey().get()).isEqualTo(written.activeKey().get());
    assertThat(readBack.activeKey().get().canSign()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  /**
   * A watcher stats the next key file (and lists the folder) in a tight loop while the demo writes
   * 200 of them: no file in the folder is ever seen readable by group or others, not even for the
   * moment between creating it and restricting it.
   */
  @Test
  void aKeyFileIsNeverReadableByOthersNotEvenWhileItIsWritten(@TempDir Path dir) throws Exception {
    Set<PosixFilePermission> othersOrGroup =
        EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    Set<String> exposed = ConcurrentHashMap.newKeySet();
    AtomicBoolean done = new AtomicBoolean();
    Path[] next = {dir.resolve("keys-0.json")};
    Thread watcher =
        new Thread(
            () -> {
              for (long i = 0; !done.get(); i++) {
                check(next[0], othersOrGroup, exposed);
                if (i % 64 == 0) {
                  try (Stream<Path> files = Files.list(dir)) {
                    files.forEach(f -> check(f, othersOrGroup, exposed));
                  } catch (java.io.IOException e) {
                    // the folder changed while listed: next round
                  }
                }
              }
            });
    watcher.start();
    try {
      for (int i = 0; i < 200; i++) {
        next[0] = dir.resolve("keys-" + i + ".json");
        DemoServer.keys(next[0].toString());
      }
    } finally {
      done.set(true);
      watcher.join();
    }

    assertThat(exposed).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(200);
    }
  }

  private static void check(Path file, Set<PosixFilePermission> forbidden, Set<String> exposed) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.stream().anyMatch(forbidden::contains)) {
        exposed.add(file.getFileName() + " " + PosixFilePermissions.toString(p));
      }
    } catch (java.io.IOException e) {
      // not there (yet, or any more)
    }
  }
}
