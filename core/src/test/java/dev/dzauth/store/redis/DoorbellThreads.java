package dev.dzauth.store.redis;

import java.util.List;

/** The live threads of one doorbell, found by name. */
final class DoorbellThreads {

  private DoorbellThreads() {}

  static List<String> of(RedisDoorbell doorbell) {
    String prefix = "dz-auth-redis-doorbell-" + doorbell.instanceId().substring(0, 6);
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .map(Thread::getName)
        .toList();
  }
}
