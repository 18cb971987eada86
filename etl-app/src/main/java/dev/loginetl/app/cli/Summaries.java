package dev.loginetl.app.cli;

import dev.loginetl.core.pipeline.PipelineSummary;
import java.util.stream.Collectors;

/** One-line descriptions of a run, for people. */
public final class Summaries {
  private Summaries() {}

  public static String describe(PipelineSummary summary) {
    String reasons = summary.rejected().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    return "received " + summary.received() + ", loaded " + summary.loaded() + ", rejected " + summary.rejectedTotal()
        + (reasons.isEmpty() ? "" : " (" + reasons + ")") + ", duplicates " + summary.duplicates()
        + ", deleted from the queue " + summary.acknowledged()
        + (summary.forwarded() == 0 ? "" : ", forwarded to the dead-letter queue " + summary.forwarded());
  }
}
