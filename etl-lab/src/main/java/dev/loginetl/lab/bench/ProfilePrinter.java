package dev.loginetl.lab.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints a phase's {@link BenchReport.Profile} under its line in the benchmark's table. */
final class ProfilePrinter {
  private ProfilePrinter() {}

  static void print(BenchReport.Profile profile, PrintWriter out) {
    if (profile.samples() == 0) {
      out.println("      profile: no samples of the runner's threads (the naive loop runs on the benchmark's own)");
      return;
    }
    out.printf(Locale.ROOT, "      profile: %,d samples every %d ms of the runner's threads running Java code "
        + "(GC, JIT and system calls are not sampled)%n", profile.samples(), profile.periodMillis());
    out.println("      by bucket: " + profile.buckets().entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %.1f%%", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", ")));
    out.println("      top frames (self):");
    for (BenchReport.Frame frame : profile.topFrames()) {
      out.printf(Locale.ROOT, "        %5.1f%%  %s%n", frame.share(), frame.method());
    }
  }
}
