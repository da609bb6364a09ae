package dev.dzauth.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The fleet benchmark's settings, from its command line (see {@link FleetBenchmark}). */
final class FleetConfig {

  static final String ISSUER = "https://auth.example.com";

  final String url = env("DZ_BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  final String user = env("DZ_BENCH_JDBC_USER", "postgres");
  final String password = System.getenv("DZ_BENCH_JDBC_PASSWORD");
  String prefix = "dzfleet_";
  int instances = 200;
  int hot = 5_000;
  int poolSize = 2;
  int revokes = 50;
  int drivers = 2;

  /**
   * Verifier threads in the old design's runs, whose re-reads block them: enough to load the
   * database.
   */
  int oldDrivers = 8;

  Duration pollInterval = Duration.ofSeconds(1);
  Duration refreshAfter = Duration.ofSeconds(5);
  Duration measure = Duration.ofSeconds(30);
  Duration sweep = Duration.ofSeconds(2);

  /** Runs, in order: mode and hot tokens per instance. */
  final List<Run> runs = new ArrayList<>();

  String out;
  boolean smoke;

  record Run(FleetInstance.Mode mode, int hot) {}

  static FleetConfig parse(String[] args) {
    FleetConfig c = new FleetConfig();
    String runs = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--smoke" -> {
          c.smoke = true;
          c.instances = 4;
          c.hot = 200;
          c.revokes = 5;
          c.drivers = 2;
          c.oldDrivers = 2;
          c.refreshAfter = Duration.ofSeconds(1);
          c.measure = Duration.ofSeconds(3);
          c.sweep = Duration.ofMillis(400);
        }
        case "--instances" -> c.instances = Integer.parseInt(args[++i]);
        case "--hot" -> c.hot = Integer.parseInt(args[++i]);
        case "--pool" -> c.poolSize = Integer.parseInt(args[++i]);
        case "--revokes" -> c.revokes = Integer.parseInt(args[++i]);
        case "--drivers" -> c.drivers = Integer.parseInt(args[++i]);
        case "--old-drivers" -> c.oldDrivers = Integer.parseInt(args[++i]);
        case "--measure" -> c.measure = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--refresh-after" -> c.refreshAfter = Duration.ofMillis(Long.parseLong(args[++i]));
        case "--runs" -> runs = args[++i];
        case "--out" -> c.out = args[++i];
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + a
                    + " (--smoke, --instances N, --hot N, --pool N, --revokes N, --drivers N,"
                    + " --old-drivers N, --measure S, --refresh-after MS, --runs"
                    + " new,doorbell,old,old:100, --out FILE)");
      }
    }
    if (runs == null) {
      runs = c.smoke ? "new,doorbell,old" : "new,doorbell,old,old:100";
    }
    for (String r : runs.split(",")) {
      String[] p = r.split(":");
      c.runs.add(
          new Run(
              FleetInstance.Mode.valueOf(p[0].toUpperCase()),
              p.length > 1 ? Integer.parseInt(p[1]) : c.hot));
    }
    return c;
  }

  /** The JDBC URL with one more connection property. */
  String urlWith(String property) {
    return url + (url.contains("?") ? "&" : "?") + property;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
