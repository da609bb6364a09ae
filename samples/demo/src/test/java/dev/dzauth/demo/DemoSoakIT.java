package dev.dzauth.demo;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.testing.Http.Response;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A bounded soak of the demo at saturation (8 client threads, no pause): authenticated reads,
 * listings, creations, revocations and refused tokens for {@code dz.soak.seconds} (default 20 s;
 * the documented long run is {@code -Ddz.soak.seconds=300}). Heap after GC and live threads at
 * start and end, cache sizes within their bounds, and no error (only the expected statuses).
 */
final class DemoSoakIT {

  @Test
  void theDemoStaysFlatAndErrorFreeAtSaturation() throws Exception {
    long seconds = Long.getLong("dz.soak.seconds", 20);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    var threads = ManagementFactory.getThreadMXBean();
    try (DemoFixture fx = new DemoFixture()) {
      String admin = fx.demo.bootstrapToken();
      List<String> pool = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        pool.add(fx.token("soak-" + i, Set.of("tokens:read")));
      }
      fx.http.get("/api/v1/me", bearer(admin));
      long heapStart = heapAfterGc(memory);
      int threadsStart = threads.getThreadCount();
      Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicInteger errors = new AtomicInteger();
      AtomicLong requests = new AtomicLong();
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      long warm = System.nanoTime() + Duration.ofSeconds(seconds).toNanos() / 4;
      AtomicInteger threadsWarm = new AtomicInteger(-1);
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        work.add(
            clients.submit(
                () -> {
                  while (System.nanoTime() < end) {
                    if (System.nanoTime() > warm && threadsWarm.get() < 0) {
                      threadsWarm.compareAndSet(-1, threads.getThreadCount());
                    }
                    int op = ThreadLocalRandom.current().nextInt(100);
                    Response r;
                    int expected;
                    if (op < 70) {
                      r =
                          fx.http.get(
                              "/api/v1/me",
                              bearer(pool.get(ThreadLocalRandom.current().nextInt(pool.size()))));
                      expected = 200;
                    } else if (op < 80) {
                      r = fx.http.get("/api/v1/tokens?limit=20", bearer(admin));
                      expected = 200;
                    } else if (op < 90) {
                      r =
                          fx.http.get(
                              "/api/v1/me",
                              bearer(
                                  "dz_eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
                                      + ThreadLocalRandom.current().nextInt()));
                      expected = 401;
                    } else {
                      r =
                          fx.http.post(
                              "/api/v1/tokens",
                              "{\"name\":\"churn\",\"expires_in_days\":1}",
                              bearer(admin));
                      expected = 201;
                      if (r.status() == 201) {
                        String id = r.json().get("token_info").get("id").stringValue();
                        Response revoke =
                            fx.http.post("/api/v1/tokens/" + id + "/revoke", "", bearer(admin));
                        requests.incrementAndGet();
                        statuses
                            .computeIfAbsent("revoke " + revoke.status(), k -> new AtomicInteger())
                            .incrementAndGet();
                        if (revoke.status() != 201) {
                          errors.incrementAndGet();
                        }
                      }
                    }
                    requests.incrementAndGet();
                    statuses
                        .computeIfAbsent(String.valueOf(r.status()), k -> new AtomicInteger())
                        .incrementAndGet();
                    if (r.status() != expected) {
                      errors.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      clients.shutdown();
      Thread.sleep(300);
      long heapEnd = heapAfterGc(memory);
      int threadsEnd = threads.getThreadCount();
      var verified = fx.demo.verifier().stats();
      var status = fx.demo.statuses().stats();
      System.out.printf(
          "[dz-auth hardening] soak %d s on the demo: %d requests (%.0f/s) %s, errors %d; heap"
              + " after GC %d MiB -> %d MiB; live threads %d at start, %d warmed up (a quarter in:"
              + " Jetty's pool has grown), %d at the end; verified cache %d (bound 10000), status"
              + " cache %d (bound %d)%n",
          seconds,
          requests.get(),
          requests.get() / (double) seconds,
          new java.util.TreeMap<>(statuses),
          errors.get(),
          heapStart >> 20,
          heapEnd >> 20,
          threadsStart,
          threadsWarm.get(),
          threadsEnd,
          verified.size(),
          status.size(),
          100_000);
      assertThat(errors.get()).isZero();
      assertThat(threadsEnd - threadsWarm.get()).as("thread growth after warm-up").isLessThan(10);
      assertThat(threadsEnd - threadsStart).as("thread growth (bounded pools)").isLessThan(60);
      assertThat(heapEnd).as("heap after GC").isLessThan(heapStart + (64L << 20));
      assertThat(verified.size()).isLessThanOrEqualTo(10_000);
    }
  }

  private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
