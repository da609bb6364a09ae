package dev.dzauth.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.lifecycle.BootstrapToken;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.store.ChangeOrigin;
import dev.dzauth.store.DuplicateRecordException;
import dev.dzauth.store.ForwardingTokenStore;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.store.TokenStore;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap option on one store kind: once per subject and business, across restarts and across
 * instances racing on one store; the file created 0600 and never overwritten.
 */
abstract class BootstrapContract {

  static final String ISSUER = "https://auth.test";

  @TempDir Path dir;

  private final KeySetHolder keys = KeySetHolder.of(KeySet.of(TestKeys.es256()));
  private final List<AutoCloseable> open = new ArrayList<>();
  private String business;

  /** Opens the shared database (once per test). */
  abstract void openDatabase() throws Exception;

  /** A store of a new instance on the shared database. */
  abstract TokenStore newInstanceStore() throws Exception;

  /** Closes the shared database. */
  abstract void closeDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    business = UUID.randomUUID().toString();
    openDatabase();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    closeDatabase();
  }

  private BootstrapToken bootstrap(Path file) {
    return BootstrapToken.of("admin@example.test", business, file);
  }

  private DzAuth start(TokenStore store, BootstrapToken bootstrap) {
    DzAuth dz =
        DzAuth.builder(ISSUER, keys).store(store).doorbell(null).bootstrap(bootstrap).build();
    open.add(dz);
    return dz;
  }

  private DzAuth start(BootstrapToken bootstrap) throws Exception {
    TokenStore store = newInstanceStore();
    open.add(store);
    return start(store, bootstrap);
  }

  private static String tokenIn(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    return text.strip();
  }

  @Test
  void bootstrapWhenNoTokenThenCreatesOneWrittenOwnerOnly() throws Exception {
    Path file = dir.resolve("admin.token");
    DzAuth dz = start(bootstrap(file));

    String token = tokenIn(file);
    VerifiedToken verified = dz.verifier().verify(token);
    assertThat(verified.subject()).isEqualTo("admin@example.test");
    assertThat(verified.businessId()).isEqualTo(business);
    assertThat(verified.scopes()).containsExactlyInAnyOrder("tokens:read", "tokens:write");
    assertThat(verified.tokenId()).isEqualTo(bootstrap(file).recordId());
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
    assertThat(dz.store().count("admin@example.test", business, true)).isEqualTo(1);
  }

  @Test
  void bootstrapWhenRestartedThenCreatesNothingAndLeavesTheFile() throws Exception {
    Path file = dir.resolve("admin.token");
    start(bootstrap(file));
    String first = tokenIn(file);

    DzAuth again = start(bootstrap(file)); // the file is there: a restart, not a conflict
    DzAuth elsewhere = start(bootstrap(dir.resolve("other.token")));

    assertThat(tokenIn(file)).isEqualTo(first);
    assertThat(dir.resolve("other.token")).doesNotExist();
    assertThat(again.store().count("admin@example.test", business, true)).isEqualTo(1);
    assertThat(elsewhere.verifier().verify(first).subject()).isEqualTo("admin@example.test");
  }

  @Test
  void bootstrapWhenTheBootstrapTokenWasRevokedOrDeletedThenCreatesNothing() throws Exception {
    Path file = dir.resolve("admin.token");
    DzAuth dz = start(bootstrap(file));
    Caller admin = Caller.of(dz.verifier().verify(tokenIn(file)));
    dz.service().revoke(admin, bootstrap(file).recordId(), "leaked");
    dz.service().delete(admin, bootstrap(file).recordId());
    Files.delete(file);

    DzAuth again = start(bootstrap(file));

    assertThat(file).doesNotExist();
    assertThat(again.store().findById(bootstrap(file).recordId())).isPresent();
  }

  @Test
  void bootstrapWhenTheSubjectHasARevokedTokenThenCreatesNothing() throws Exception {
    TokenStore store = newInstanceStore();
    open.add(store);
    DzAuth plain = DzAuth.builder(ISSUER, keys).store(store).doorbell(null).build();
    open.add(plain);
    Caller admin = new Caller("admin@example.test", business, BootstrapToken.DEFAULT_SCOPES);
    String id = plain.service().create(admin, CreateTokenRequest.named("cli")).record().id();
    plain.service().revoke(admin, id, null);

    Path file = dir.resolve("admin.token");
    start(bootstrap(file));

    assertThat(file).doesNotExist();
    assertThat(store.count("admin@example.test", business, true)).isEqualTo(1);
  }

  @Test
  void bootstrapWhenTheFileExistsThenFailsAndNeverOverwritesIt() throws Exception {
    Path file = dir.resolve("admin.token");
    Files.writeString(file, "keep me");
    TokenStore store = newInstanceStore();
    open.add(store);

    assertThatThrownBy(() -> start(store, bootstrap(file)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never overwrites")
        .hasMessageContaining(file.toString());

    assertThat(Files.readString(file)).isEqualTo("keep me");
    assertThat(store.count("admin@example.test", business, true)).isZero();
  }

  @Test
  void insertWhenTheIdIsTakenThenDuplicateRecordException() throws Exception {
    Path file = dir.resolve("admin.token");
    DzAuth dz = start(bootstrap(file));
    TokenRecord record = dz.store().findById(bootstrap(file).recordId()).orElseThrow();
    TokenStore other = newInstanceStore();
    open.add(other);

    assertThatThrownBy(() -> other.insert(record, ChangeOrigin.none()))
        .isInstanceOf(DuplicateRecordException.class);
  }

  @Test
  void bootstrapWhenTwoInstancesRaceThenExactlyOneTokenAndOneFile() throws Exception {
    // Both instances pass the checks, then meet at the barrier and insert together.
    CyclicBarrier atInsert = new CyclicBarrier(2);
    Path fileA = dir.resolve("a.token");
    Path fileB = dir.resolve("b.token");
    TokenStore a = new MeetAtInsert(newInstanceStore(), atInsert);
    TokenStore b = new MeetAtInsert(newInstanceStore(), atInsert);
    open.add(a);
    open.add(b);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<DzAuth> startA = threads.submit(() -> start(a, bootstrap(fileA)));
      Future<DzAuth> startB = threads.submit(() -> start(b, bootstrap(fileB)));
      DzAuth dzA = startA.get(30, TimeUnit.SECONDS);
      DzAuth dzB = startB.get(30, TimeUnit.SECONDS);

      assertThat(List.of(fileA, fileB).stream().filter(Files::exists)).hasSize(1);
      Path written = Files.exists(fileA) ? fileA : fileB;
      String token = tokenIn(written);
      assertThat(dzA.verifier().verify(token).tokenId()).isEqualTo(bootstrap(fileA).recordId());
      assertThat(dzB.verifier().verify(token).tokenId()).isEqualTo(bootstrap(fileA).recordId());
      assertThat(dzA.store().count("admin@example.test", business, true)).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }

    DzAuth restarted = start(bootstrap(dir.resolve("c.token")));
    assertThat(dir.resolve("c.token")).doesNotExist();
    assertThat(restarted.store().count("admin@example.test", business, true)).isEqualTo(1);
  }

  /** Holds each insert until the other instance's insert arrives too. */
  private static final class MeetAtInsert extends ForwardingTokenStore {
    private final CyclicBarrier barrier;

    MeetAtInsert(TokenStore delegate, CyclicBarrier barrier) {
      super(delegate);
      this.barrier = barrier;
    }

    @Override
    public TokenRecord insert(TokenRecord record, ChangeOrigin origin) throws Exception {
      try {
        barrier.await(20, TimeUnit.SECONDS);
      } catch (BrokenBarrierException | TimeoutException e) {
        throw new AssertionError("the other instance never reached its insert", e);
      }
      return super.insert(record, origin);
    }

    @Override
    public void close() throws Exception {
      delegate().close();
    }
  }
}
