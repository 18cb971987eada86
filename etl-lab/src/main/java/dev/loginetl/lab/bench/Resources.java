package dev.loginetl.lab.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Heap and CPU use of a phase: heap pools' peaks (reset at the start), this JVM's CPU time by
 * thread group, and the whole machine's from {@code /proc/stat} where there is one. Not
 * thread-safe: one phase at a time.
 */
final class Resources {
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final double JIFFIES_PER_SECOND = 100.0; // USER_HZ on Linux

  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
      .toList();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

  private long startNanos;
  private long startProcessCpu;
  private long startKernelJiffies;
  private long[] startMachine;
  private Map<Long, Long> startThreadCpu;
  private final boolean profile;
  private final ServerCpu servers;
  private Map<String, Long> startServers = Map.of();
  private long steadyProcessCpu = -1;
  private long steadyAcknowledged;
  private PhaseProfiler profiler;
  private PhaseProfiler stopped;

  Resources() {
    this(false);
  }

  /** With {@code profile}, each phase also records Java Flight Recorder's execution samples. */
  Resources(boolean profile) {
    this(profile, ServerCpu.NONE);
  }

  /** As {@link #Resources(boolean)}, also measuring the CPU of {@code servers}' processes. */
  Resources(boolean profile, ServerCpu servers) {
    this.profile = profile;
    this.servers = servers;
  }

  /** Collects garbage, resets the heap peaks and notes the CPU counters. */
  void start() {
    System.gc();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    startThreadCpu = threadCpu();
    startMachine = machineJiffies();
    if (profile) {
      profiler = PhaseProfiler.start();
      stopped = null;
    }
    startKernelJiffies = kernelJiffies();
    startServers = servers.read();
    steadyProcessCpu = -1;
    startProcessCpu = os.getProcessCpuTime();
    startNanos = System.nanoTime();
  }

  /**
   * The profile of the phase last measured by {@link #cpu()}, read once; null without profiling.
   */
  BenchReport.Profile takeProfile() {
    PhaseProfiler taken = stopped;
    stopped = null;
    return taken == null ? null : taken.summary();
  }

  /** The heap pools' peaks since {@link #start()}, summed: an upper bound of the peak heap. */
  long peakHeapBytes() {
    return heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }

  /**
   * Notes this JVM's CPU time now, when {@code acknowledged} messages of the phase are done: the
   * start of its steady state, which {@link #cpu(long)} measures apart.
   */
  void markSteady(long acknowledged) {
    steadyAcknowledged = acknowledged;
    steadyProcessCpu = os.getProcessCpuTime();
  }

  /**
   * As {@link #cpu()}, with the CPU per message since {@link #markSteady} when it was called and
   * {@code acknowledged} messages are done now.
   */
  BenchReport.Cpu cpu(long acknowledged) {
    long now = os.getProcessCpuTime();
    Double steady = steadyProcessCpu < 0 || now < 0 || acknowledged <= steadyAcknowledged ? null
        : StageClock.round((now - steadyProcessCpu) / 1e3 / (acknowledged - steadyAcknowledged), 1);
    return cpu().withSteadyCpuMicrosPerMessage(steady);
  }

  /** CPU use since {@link #start()}, in cores. */
  BenchReport.Cpu cpu() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long processCpu = os.getProcessCpuTime();
    long kernel = kernelJiffies();
    Map<String, Double> serverSeconds = ServerCpu.secondsBetween(startServers, servers.read());
    double jvmSeconds = processCpu < 0 || startProcessCpu < 0 ? -1 : (processCpu - startProcessCpu) / 1e9;
    double jvm = Math.max(0, jvmSeconds) / seconds;
    if (profiler != null) {
      // Stopped here, at the end of the measured span; read later, outside it.
      profiler.stop();
      stopped = profiler;
      profiler = null;
    }
    long[] machine = machineJiffies();
    double machineCores = -1;
    if (machine != null && startMachine != null) {
      machineCores = (machine[0] - startMachine[0]) / JIFFIES_PER_SECOND / seconds;
    }
    Map<String, Double> groups = new TreeMap<>();
    Map<Long, Long> now = threadCpu();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(now.keySet().stream().mapToLong(Long::longValue).toArray())) {
      if (info != null) {
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    now.forEach((id, cpu) -> {
      long used = cpu - startThreadCpu.getOrDefault(id, 0L);
      groups.merge(group(names.getOrDefault(id, "")), used / 1e9 / seconds, Double::sum);
    });
    groups.replaceAll((group, cores) -> StageClock.round(cores, 2));
    return new BenchReport.Cpu(StageClock.round(machineCores, 2), StageClock.round(jvm, 2),
        machineCores < 0 ? -1 : StageClock.round(Math.max(0, machineCores - jvm), 2), groups,
        jvmSeconds < 0 ? null : StageClock.round(jvmSeconds, 4),
        kernel < 0 || startKernelJiffies < 0 ? null : StageClock.round((kernel - startKernelJiffies) / JIFFIES_PER_SECOND, 2),
        serverSeconds, null);
  }

  private static String group(String threadName) {
    if (threadName.startsWith("loginetl-bench")) {
      return "bench";
    }
    if (threadName.startsWith("loginetl-")) {
      return "pipeline";
    }
    if (threadName.contains("pekko") || threadName.contains("elasticmq") || threadName.contains("sqs-server")) {
      return "sqs-server";
    }
    return "other";
  }

  private Map<Long, Long> threadCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    if (!threads.isThreadCpuTimeSupported()) {
      return cpu;
    }
    for (long id : threads.getAllThreadIds()) {
      long time = threads.getThreadCpuTime(id);
      if (time >= 0) {
        cpu.put(id, time);
      }
    }
    return cpu;
  }

  /**
   * How many cores the machine keeps busy over {@code millis} while this process waits: the load
   * of everything else, which the benchmark's figures share the machine with. -1 where there is no
   * {@code /proc/stat}.
   */
  static double backgroundCores(long millis) throws InterruptedException {
    long[] before = machineJiffies();
    long start = System.nanoTime();
    Thread.sleep(millis);
    long[] after = machineJiffies();
    if (before == null || after == null) {
      return -1;
    }
    return StageClock.round((after[0] - before[0]) / JIFFIES_PER_SECOND / ((System.nanoTime() - start) / 1e9), 2);
  }

  /** This process's CPU in the kernel (system time, all threads), in jiffies; -1 where there is no {@code /proc}. */
  private static long kernelJiffies() {
    ProcStat self = ProcStat.self();
    return self == null ? -1 : self.stime();
  }

  /** Busy jiffies of the whole machine, or null where there is no {@code /proc/stat}. */
  private static long[] machineJiffies() {
    try {
      String first = Files.readAllLines(PROC_STAT).get(0);
      String[] f = first.trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
          + Long.parseLong(f[6]) + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
      return new long[] {busy};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
