package dev.dzauth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DemoKeyFileTests {

  @Test
  void withoutAKeyFileEveryStartSignsWithAFreshEs256Key() throws Exception {
    KeySet first = DemoServer.keys(null);
    KeySet second = DemoServer.keys(" ");

    assertThat(first.activeKey()).get().extracting(k -> k.algorithm()).isEqualTo(SignatureAlgorithm.ES256);
    assertThat(first.activeKey().get()).isNotEqualTo(second.activeKey().get());
  }

  @Test
  void aKeyFileIsWrittenOnceOwnerOnlyAndReadBackOnTheNextStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("demo-keys.json");

    KeySet written = DemoServer.keys(file.toString());
    KeySet readBack = DemoServer.keys(file.toString());

    assertThat(readBack.activeKey().get()).isEqualTo(written.activeKey().get());
    assertThat(readBack.activeKey().get().canSign()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }
}
