package dev.loginetl.lab.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU that server processes of the benchmark's own (with {@code --isolate}: ElasticMQ's JVM, the
 * PostgreSQL postmaster) and their children use, from {@code /proc/<pid>/stat}: user and system time
 * of each process and of its living descendants, plus what its children that already ended used
 * ({@code cutime}, {@code cstime}: a PostgreSQL backend that exits is counted by the postmaster that
 * reaps it). To 10 ms. Where there is no {@code /proc}, nothing is measured.
 *
 * <p>Immutable; {@link #read()} may be called from any thread.
 */
final class ServerCpu {
  static final ServerCpu NONE = new ServerCpu(Map.of());

  private final Map<String, Long> pids;

  /** @param pids each server's name, as the report shows it, and its top process */
  ServerCpu(Map<String, Long> pids) {
    this.pids = Map.copyOf(pids);
  }

  /** Each server's CPU jiffies so far; a server whose process cannot be read is left out. */
  Map<String, Long> read() {
    Map<String, Long> jiffies = new LinkedHashMap<>();
    pids.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(server -> {
      long total = tree(server.getValue());
      if (total >= 0) {
        jiffies.put(server.getKey(), total);
      }
    });
    return jiffies;
  }

  /** CPU seconds between two {@link #read()}s, by server; empty when nothing was measured. */
  static Map<String, Double> secondsBetween(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    after.forEach((server, jiffies) -> {
      Long start = before.get(server);
      if (start != null) {
        seconds.put(server, StageClock.round(Math.max(0, jiffies - start) / ProcStat.TICKS_PER_SECOND, 2));
      }
    });
    return seconds;
  }

  private static long tree(long pid) {
    long total = jiffies(pid);
    if (total < 0) {
      return -1;
    }
    // An ended process is in its reaper's cutime and in no living process's own time: no double count.
    for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
      total += Math.max(0, jiffies(child.pid()));
    }
    return total;
  }

  /** utime + stime + cutime + cstime of one process; -1 when unreadable. */
  private static long jiffies(long pid) {
    ProcStat stat = ProcStat.of(pid);
    return stat == null ? -1 : stat.totalTicks();
  }
}
