package dev.dzauth.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * CPU time, from Linux's {@code /proc}, of this JVM, of the PostgreSQL backends by {@code
 * application_name} (the fleet's pools, its doorbells, everyone else), and of the whole machine:
 * where the cores went during a measurement. PostgreSQL runs on this machine (127.0.0.1), so its
 * backends' pids from {@code pg_stat_activity} are local processes.
 */
final class CpuMeter {

  private static final double TICK = 100.0; // USER_HZ on Linux

  /** CPU seconds at one moment: per backend pid (with its group), this JVM, the machine. */
  static final class Reading {
    final long nanos = System.nanoTime();
    final Map<Integer, String> groups = new HashMap<>();
    final Map<Integer, Double> backendSeconds = new HashMap<>();
    double jvmSeconds;
    double machineBusySeconds;
  }

  private final DataSource admin;

  CpuMeter(DataSource admin) {
    this.admin = admin;
  }

  Reading read() {
    Reading r = new Reading();
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pid, application_name FROM pg_stat_activity WHERE pid <>"
                    + " pg_backend_pid()")) {
      while (rs.next()) {
        int pid = rs.getInt(1);
        String app = rs.getString(2);
        String group =
            "dz-fleet".equals(app)
                ? "pool"
                : "dz-fleet-doorbell".equals(app) ? "doorbell" : "other";
        double secs = processSeconds(pid);
        if (secs >= 0) {
          r.groups.put(pid, group);
          r.backendSeconds.put(pid, secs);
        }
      }
    } catch (Exception e) {
      // CPU figures are extra: a failure leaves them empty
    }
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      r.jvmSeconds = sun.getProcessCpuTime() / 1e9;
    }
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < cpu.length; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(cpu[i]);
        }
      }
      r.machineBusySeconds = busy / TICK;
    } catch (Exception e) {
      r.machineBusySeconds = 0;
    }
    return r;
  }

  /** Cores used between two readings: machine, jvm, pool, doorbell, other (PostgreSQL backends). */
  static double[] cores(Reading a, Reading b) {
    double secs = (b.nanos - a.nanos) / 1e9;
    double pool = 0;
    double doorbell = 0;
    double other = 0;
    for (var e : b.backendSeconds.entrySet()) {
      Double before = a.backendSeconds.get(e.getKey());
      if (before == null) {
        continue;
      }
      double d = e.getValue() - before;
      switch (b.groups.get(e.getKey())) {
        case "pool" -> pool += d;
        case "doorbell" -> doorbell += d;
        default -> other += d;
      }
    }
    return new double[] {
      (b.machineBusySeconds - a.machineBusySeconds) / secs,
      (b.jvmSeconds - a.jvmSeconds) / secs,
      pool / secs,
      doorbell / secs,
      other / secs
    };
  }

  private static double processSeconds(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK; // utime, stime (fields 14, 15)
    } catch (Exception e) {
      return -1;
    }
  }
}
