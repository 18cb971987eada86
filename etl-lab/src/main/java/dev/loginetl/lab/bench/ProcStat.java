package dev.loginetl.lab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU counters from Linux's {@code /proc/<pid>/stat}, in clock ticks ({@link
 * #TICKS_PER_SECOND} a second): its own time in user and kernel mode, and that of its children that
 * ended and were waited for. Immutable.
 *
 * @param utime field 14
 * @param stime field 15
 * @param cutime field 16
 * @param cstime field 17
 */
record ProcStat(long utime, long stime, long cutime, long cstime) {
  /** USER_HZ on Linux. */
  static final double TICKS_PER_SECOND = 100.0;

  /** The counters in one {@code stat} line. */
  static ProcStat parse(String stat) {
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state): field n is fields[n - 3].
    return new ProcStat(Long.parseLong(fields[14 - 3]), Long.parseLong(fields[15 - 3]),
        Long.parseLong(fields[16 - 3]), Long.parseLong(fields[17 - 3]));
  }

  /** This process's counters, or null where there is no {@code /proc}. */
  static ProcStat self() {
    return read(Path.of("/proc/self/stat"));
  }

  /** Process {@code pid}'s counters, or null when it cannot be read (gone, or no {@code /proc}). */
  static ProcStat of(long pid) {
    return read(Path.of("/proc", String.valueOf(pid), "stat"));
  }

  private static ProcStat read(Path path) {
    try {
      return parse(Files.readString(path, StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Its ended and waited-for children's time, in seconds. */
  double childrenSeconds() {
    return (cutime + cstime) / TICKS_PER_SECOND;
  }

  /** Its own time and its ended children's, in ticks. */
  long totalTicks() {
    return utime + stime + cutime + cstime;
  }
}
