package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException;
import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.testing.ScratchDatabase;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Four instances on one real database, each with its own pool, cache, verifier, service and poller,
 * while changer threads revoke, suspend, activate and delete random tokens from random instances
 * and verifier threads verify random tokens on every instance.
 *
 * <p>Every acceptance is checked afterwards against the history of acknowledged changes (changes to
 * one token are serialized, so its history is a sequence): a token accepted by a verification that
 * began after a refusing change was acknowledged — at once on the instance that made it, and past
 * the stated bound on the others — with no later activation begun before the verification ended, is
 * a violation. Both counts must be zero.
 */
abstract class MultiInstanceRandomizedContract {

  static final Duration POLL = Duration.ofMillis(200);

  /** maxLag, and the bound checked on other instances: no answer older than this is served. */
  static final Duration BOUND = Duration.ofMillis(1_200);

  private static final int INSTANCES = 4;
  private static final int TOKENS = 24;
  private static final Duration RUN = Duration.ofSeconds(8);
  private static final KeySetHolder RING =
      KeySetHolder.of(KeySet.of(TokenKey.generate(SignatureAlgorithm.HS256, "k1")));

  /** A new scratch database on the subclass's server; the run creates the schema and drops it. */
  abstract ScratchDatabase openDatabase();

  /** The server's name, for the figures printed. */
  abstract String server();

  /** Per-instance poller options (a doorbell where the server has one). */
  Consumer<StatusFeedPoller.Builder> pollerOptions(
      JdbcTokenStore store, javax.sql.DataSource pool) {
    return p -> {};
  }

  /** One token's acknowledged changes, in order; guarded by itself. */
  private static final class Tracked {
    final CreatedToken token;
    final List<Change> history = new ArrayList<>();
    boolean finalState;

    Tracked(CreatedToken token) {
      this.token = token;
    }
  }

  private record Change(TokenStatus to, int instance, long startNanos, long ackNanos) {}

  private record Acceptance(Tracked tracked, int instance, long startNanos, long endNanos) {}

  @Test
  void noTokenIsAcceptedAfterARefusingChangeWasAcknowledgedHereNorPastTheBoundElsewhere()
      throws Exception {
    ScratchDatabase db = openDatabase();
    JdbcTokenStore.builder(db.dataSource()).createSchemaIfMissing(true).build();
    List<InstanceStack> stacks = new ArrayList<>();
    ExecutorService threads = Executors.newCachedThreadPool();
    Caller owner = new Caller("owner-" + UUID.randomUUID(), "biz", Set.of("tokens:write"));
    try {
      for (int i = 0; i < INSTANCES; i++) {
        var pool = db.newPool("dz-rand-" + i, 2_000);
        JdbcTokenStore probe = JdbcTokenStore.builder(pool).build();
        InstanceStack s =
            new InstanceStack(
                pool,
                RING,
                System::nanoTime,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                pollerOptions(probe, pool).andThen(p -> p.pollInterval(POLL).maxLag(BOUND)));
        s.poller.start();
        stacks.add(s);
      }
      List<Tracked> tokens = new CopyOnWriteArrayList<>();
      for (int i = 0; i < TOKENS; i++) {
        tokens.add(
            new Tracked(
                stacks
                    .get(i % INSTANCES)
                    .service
                    .create(owner, CreateTokenRequest.named("t" + i))));
      }
      ConcurrentLinkedQueue<Acceptance> accepted = new ConcurrentLinkedQueue<>();
      AtomicLong verifies = new AtomicLong();
      AtomicLong changes = new AtomicLong();
      long until = System.nanoTime() + RUN.toNanos();
      List<Future<?>> work = new ArrayList<>();
      for (int v = 0; v < INSTANCES * 2; v++) {
        int instance = v % INSTANCES;
        long seed = v;
        work.add(
            threads.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  InstanceStack s = stacks.get(instance);
                  while (System.nanoTime() < until) {
                    Tracked t = tokens.get(random.nextInt(tokens.size()));
                    long start = System.nanoTime();
                    try {
                      s.verifier.verify(t.token.token());
                      accepted.add(new Acceptance(t, instance, start, System.nanoTime()));
                    } catch (DzAuthException refused) {
                      // refusals cannot break the guarantee
                    }
                    verifies.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (int c = 0; c < 2; c++) {
        long seed = 100 + c;
        work.add(
            threads.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  while (System.nanoTime() < until) {
                    int slot = random.nextInt(tokens.size());
                    Tracked t = tokens.get(slot);
                    int instance = random.nextInt(INSTANCES);
                    InstanceStack s = stacks.get(instance);
                    synchronized (t) {
                      if (t.finalState) {
                        tokens.set(
                            slot,
                            new Tracked(
                                s.service.create(owner, CreateTokenRequest.named("r" + slot))));
                        continue;
                      }
                      String id = t.token.record().id();
                      int dice = random.nextInt(100);
                      long start = System.nanoTime();
                      TokenStatus to;
                      try {
                        if (dice < 3) {
                          s.service.revoke(owner, id, "random");
                          to = TokenStatus.REVOKED;
                        } else if (dice < 5) {
                          s.service.delete(owner, id);
                          to = TokenStatus.DELETED;
                        } else {
                          TokenRecord now = s.service.get(owner, id);
                          to =
                              now.state() == TokenStatus.ACTIVE
                                  ? TokenStatus.SUSPENDED
                                  : TokenStatus.ACTIVE;
                          start = System.nanoTime();
                          if (to == TokenStatus.SUSPENDED) {
                            s.service.suspend(owner, id);
                          } else {
                            s.service.activate(owner, id);
                          }
                        }
                      } catch (DzAuthException e) {
                        throw new AssertionError("change failed: " + e.getMessage(), e);
                      }
                      t.history.add(new Change(to, instance, start, System.nanoTime()));
                      t.finalState = to.isFinal();
                      changes.incrementAndGet();
                    }
                    Thread.sleep(random.nextInt(3));
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
      }

      long here = 0;
      long elsewhere = 0;
      for (Acceptance a : accepted) {
        List<Change> history;
        synchronized (a.tracked) {
          history = List.copyOf(a.tracked.history);
        }
        for (int j = 0; j < history.size(); j++) {
          Change refusing = history.get(j);
          if (refusing.to() == TokenStatus.ACTIVE) {
            continue;
          }
          boolean maker = refusing.instance() == a.instance();
          long deadline = refusing.ackNanos() + (maker ? 0 : BOUND.toNanos());
          if (a.startNanos() <= deadline) {
            continue;
          }
          boolean reactivated = false;
          for (int k = j + 1; k < history.size(); k++) {
            if (history.get(k).to() == TokenStatus.ACTIVE
                && history.get(k).startNanos() <= a.endNanos()) {
              reactivated = true;
            }
          }
          if (!reactivated) {
            if (maker) {
              here++;
            } else {
              elsewhere++;
            }
          }
        }
      }
      System.out.printf(
          "[dz-auth] randomized %d instances on %s, %d s, poll %d ms, bound %d ms: %d changes,"
              + " %d verifications, %d acceptances; accepted after the change returned here: %d;"
              + " accepted elsewhere past the bound: %d%n",
          INSTANCES,
          server(),
          RUN.toSeconds(),
          POLL.toMillis(),
          BOUND.toMillis(),
          changes.get(),
          verifies.get(),
          accepted.size(),
          here,
          elsewhere);
      assertThat(changes.get()).as("changes made").isGreaterThan(100);
      assertThat(here)
          .as("accepted on the instance that made the change, after it returned")
          .isZero();
      assertThat(elsewhere).as("accepted on another instance past the bound").isZero();
    } finally {
      threads.shutdownNow();
      stacks.forEach(InstanceStack::close);
      db.close();
    }
  }
}
