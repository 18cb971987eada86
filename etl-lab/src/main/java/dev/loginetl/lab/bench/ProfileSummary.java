package dev.loginetl.lab.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums execution samples into a {@link BenchReport.Profile}: which threads count, what each frame's
 * code is for (a bucket), and the methods most often on top of the stack. Pure; not thread-safe.
 */
final class ProfileSummary {
  /** The threads a profile keeps, as the report states it. */
  static final String THREADS = "the runner's threads: loginetl-* (receivers, writers, visibility, SQS batches, "
      + "connection pool) but not loginetl-bench-*, and the AWS SDK's sdk-*/aws-*";

  /** Buckets by package prefix, in the order they are tried on each frame. */
  private static final String[][] BUCKETS = {
      {"sqs client/http", "software.amazon.awssdk.", "org.apache.http.", "io.netty."},
      {"json", "com.fasterxml.jackson."},
      {"masking crypto", "com.google.crypto.tink.", "javax.crypto.", "sun.security.", "com.sun.crypto."},
      {"jdbc", "org.postgresql.", "org.jdbi.", "com.zaxxer.hikari."},
      {"metrics", "io.micrometer."},
      {"logging", "ch.qos.logback.", "org.slf4j."},
      {"loginetl", "dev.loginetl."},
  };
  static final String JDK = "jdk";
  static final String OTHER = "other";
  static final int TOP_FRAMES = 15;

  private final int periodMillis;
  private final Map<String, Long> buckets = new HashMap<>();
  private final Map<String, Long> topFrames = new HashMap<>();
  private long samples;

  ProfileSummary(int periodMillis) {
    this.periodMillis = periodMillis;
  }

  /** Whether a thread of this name is the runner's. */
  static boolean keeps(String threadName) {
    if (threadName == null) {
      return false;
    }
    return threadName.startsWith("loginetl-") && !threadName.startsWith("loginetl-bench")
        || threadName.startsWith("sdk-") || threadName.startsWith("aws-");
  }

  /**
   * The bucket of a stack, given as {@code class.method} names from the top: the first frame's that
   * belongs to a known library, else {@link #JDK} when the top frame is the JDK's, else {@link #OTHER}.
   */
  static String bucket(List<String> frames) {
    for (String frame : frames) {
      for (String[] bucket : BUCKETS) {
        for (int i = 1; i < bucket.length; i++) {
          if (frame.startsWith(bucket[i])) {
            return bucket[0];
          }
        }
      }
    }
    if (frames.isEmpty()) {
      return OTHER;
    }
    String top = frames.get(0);
    return top.startsWith("java.") || top.startsWith("jdk.") || top.startsWith("sun.") || top.startsWith("javax.")
        || top.startsWith("com.sun.") ? JDK : OTHER;
  }

  /** Counts one sample of a kept thread, its frames from the top. */
  void add(List<String> frames) {
    samples++;
    buckets.merge(bucket(frames), 1L, Long::sum);
    topFrames.merge(frames.isEmpty() ? "(no frames)" : frames.get(0), 1L, Long::sum);
  }

  BenchReport.Profile summary() {
    Map<String, Double> shares = new LinkedHashMap<>();
    sorted(buckets).forEach(e -> shares.put(e.getKey(), share(e.getValue())));
    List<BenchReport.Frame> top = new ArrayList<>();
    sorted(topFrames).stream().limit(TOP_FRAMES).forEach(e -> top.add(new BenchReport.Frame(e.getKey(), share(e.getValue()))));
    return new BenchReport.Profile(samples, periodMillis, THREADS, shares, top);
  }

  private double share(long count) {
    return samples == 0 ? 0 : StageClock.round(100.0 * count / samples, 1);
  }

  private static List<Map.Entry<String, Long>> sorted(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    return entries;
  }
}
