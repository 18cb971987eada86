package dev.loginetl.lab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Java Flight Recorder's execution samples over one phase, in this JVM: {@link #start()} at the
 * phase's start, {@link #stop()} at its end, {@link #summary()} afterwards (it reads the recording
 * from a temporary file, then deletes it). Samples only threads running Java code: CPU in GC, JIT
 * and system calls is not in it. Not thread-safe; one phase at a time.
 */
final class PhaseProfiler {
  static final int PERIOD_MILLIS = 10;

  private final Recording recording;
  private Path file;

  private PhaseProfiler(Recording recording) {
    this.recording = recording;
  }

  static PhaseProfiler start() {
    Recording recording = new Recording();
    recording.setName("loginetl-bench-phase");
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(PERIOD_MILLIS)).withStackTrace();
    recording.setToDisk(true);
    recording.start();
    return new PhaseProfiler(recording);
  }

  /** Stops sampling and keeps the recording in a temporary file. */
  void stop() {
    recording.stop();
    try {
      file = Files.createTempFile("loginetl-bench-", ".jfr");
      recording.dump(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the phase's flight recording: " + e.getMessage(), e);
    } finally {
      recording.close();
    }
  }

  /** The samples of the runner's threads, summed; deletes the recording. */
  BenchReport.Profile summary() {
    ProfileSummary summary = new ProfileSummary(PERIOD_MILLIS);
    try (RecordingFile events = new RecordingFile(file)) {
      while (events.hasMoreEvents()) {
        RecordedEvent event = events.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedThread thread = event.getThread("sampledThread");
        if (thread == null || !ProfileSummary.keeps(thread.getJavaName())) {
          continue;
        }
        summary.add(frames(event.getStackTrace()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the phase's flight recording: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A temporary file left behind is harmless.
      }
    }
    return summary.summary();
  }

  private static List<String> frames(RecordedStackTrace stack) {
    List<String> frames = new ArrayList<>();
    if (stack == null) {
      return frames;
    }
    for (RecordedFrame frame : stack.getFrames()) {
      if (frame.isJavaFrame() && frame.getMethod() != null) {
        frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
      }
    }
    return frames;
  }
}
