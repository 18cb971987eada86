package dev.loginetl.lab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Which CPU the measured runner process gets, and which the rest (this JVM, its embedded servers)
 * keep, through {@code taskset} on Linux. Without {@code taskset}, on another OS, or on a machine
 * with one CPU, nothing is pinned and the report says so.
 *
 * @param runnerCpu the CPU the runner is pinned to; null when it is not pinned
 * @param otherCpus the CPUs left to everything else, as a {@code taskset} list such as {@code 0} or
 *     {@code 0-2}; null when nothing is pinned
 */
record Pinning(Integer runnerCpu, String otherCpus) {

  /** Nothing pinned. */
  static final Pinning NONE = new Pinning(null, null);

  /**
   * The runner on {@code requested} (null: the highest online CPU), everything else on the other
   * online CPUs; {@link #NONE} when {@code taskset} is missing or fewer than two CPUs are online.
   *
   * @throws IllegalArgumentException when {@code requested} is not an online CPU
   */
  static Pinning detect(Integer requested) {
    TreeSet<Integer> online = onlineCpus();
    if (online.size() < 2 || !tasksetWorks()) {
      if (requested != null) {
        throw new IllegalArgumentException("--runner-cpu needs Linux, taskset and at least two CPUs");
      }
      return NONE;
    }
    int runner = requested != null ? requested : online.last();
    if (!online.contains(runner)) {
      throw new IllegalArgumentException("--runner-cpu " + runner + " is not an online CPU (online: " + online + ")");
    }
    online.remove(runner);
    return new Pinning(runner, online.stream().map(String::valueOf).collect(Collectors.joining(",")));
  }

  boolean pins() {
    return runnerCpu != null;
  }

  /** {@code command}, run on the runner's CPU when pinning. */
  List<String> wrap(List<String> command) {
    return pins() ? onCpus(String.valueOf(runnerCpu), command) : command;
  }

  /**
   * Moves this JVM (every thread) and its descendant processes (embedded servers) to the other CPUs,
   * so that they do not share the runner's. Best effort.
   *
   * @return how many processes were moved
   */
  int moveThisProcessAndItsChildrenAway() {
    return moveAway(ProcessHandle.current());
  }

  /** {@code command}, run on the other CPUs than the runner's when pinning. */
  List<String> wrapOthers(List<String> command) {
    return pins() ? onCpus(otherCpus, command) : command;
  }

  private static List<String> onCpus(String cpus, List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("taskset", "-c", cpus));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Moves {@code process} (every thread) and its descendants to the other CPUs. Best effort. */
  int moveAway(ProcessHandle process) {
    if (!pins()) {
      return 0;
    }
    int moved = 0;
    List<ProcessHandle> processes = new ArrayList<>();
    processes.add(process);
    process.descendants().forEach(processes::add);
    for (ProcessHandle each : processes) {
      if (taskset("-apc", otherCpus, String.valueOf(each.pid()))) {
        moved++;
      }
    }
    return moved;
  }

  /**
   * Pins this JVM, every thread of it, to the runner's CPU: in {@code --isolate}, this JVM is the
   * measured runner. Threads started later inherit it.
   *
   * @return whether it was pinned
   */
  boolean pinThisProcessToRunnerCpu() {
    return pins() && taskset("-apc", String.valueOf(runnerCpu), String.valueOf(ProcessHandle.current().pid()));
  }

  /** The CPUs a process may run on as Linux lists them ({@code Cpus_allowed_list}), or "?" where unknown. */
  static String allowedCpus(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or the process is gone.
    }
    return "?";
  }

  /** What was pinned, for the report. */
  String describe() {
    return pins()
        ? "runner on CPU " + runnerCpu + "; the benchmark's process and its children (embedded servers) on CPU " + otherCpus
        : "not pinned";
  }

  private static TreeSet<Integer> onlineCpus() {
    TreeSet<Integer> cpus = new TreeSet<>();
    Path online = Path.of("/sys/devices/system/cpu/online");
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") || !Files.isReadable(online)) {
      return cpus;
    }
    try {
      for (String range : Files.readString(online, StandardCharsets.US_ASCII).strip().split(",")) {
        String[] ends = range.split("-");
        int from = Integer.parseInt(ends[0]);
        int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
        for (int cpu = from; cpu <= to; cpu++) {
          cpus.add(cpu);
        }
      }
    } catch (IOException | RuntimeException e) {
      cpus.clear();
    }
    return cpus;
  }

  private static boolean tasksetWorks() {
    return taskset("-p", String.valueOf(ProcessHandle.current().pid()));
  }

  private static boolean taskset(String... args) {
    List<String> command = new ArrayList<>(List.of("taskset"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
