package dev.loginetl.app.job;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsRedrive;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Moves the messages of a dead-letter queue back to the queue the loader reads, for {@code loginetl
 * redrive}: with SQS's own move task where the server offers it and no {@code max} is set (SQS's
 * task moves everything), else by receive, send and delete, in batches of up to 10, at most {@code
 * rate} messages a second. Prints a progress line every few seconds and one summary line.
 *
 * <p><b>Safe to interrupt and rerun.</b> A message leaves the dead-letter queue only once it is on
 * the queue. When {@code stop} turns true, a running move task is cancelled (what it moved stays
 * moved), and a copy finishes its batch. A crash between a send and its delete leaves the message on
 * both queues; the rerun sends it again, and the loader stores such a copy once, by the idempotency
 * key it carries ({@code loginetl.message-id}). A rerun while a move task still runs (the last run
 * was killed) follows that task instead of starting another.
 */
public final class Redrive {
  /** How to move the messages. */
  public enum Method {
    /** The move task, unless {@code max} is set or the server refuses it; then receive, send, delete. */
    AUTO,
    /** SQS's move task only: fails when the server refuses it. */
    MOVE_TASK,
    /** Receive, send and delete. */
    COPY
  }

  /**
   * What to move and how.
   *
   * @param method never null
   * @param rate nullable: the most messages per second (1 to 500 for a move task); null for as fast
   *     as the server goes
   * @param max nullable: the most messages to move (receive, send and delete only); null for all
   */
  public record Settings(Method method, Integer rate, Integer max) {
    public Settings {
      requireNonNull(method, "method");
      if (rate != null && rate < 1) {
        throw new IllegalArgumentException("--rate must be at least 1 message a second, was " + rate);
      }
      if (max != null && max < 1) {
        throw new IllegalArgumentException("--max must be at least 1, was " + max);
      }
      if (method == Method.MOVE_TASK && max != null) {
        throw new IllegalArgumentException("--max needs --method copy or auto: SQS's move task moves every message");
      }
      if (method == Method.MOVE_TASK && rate != null && rate > 500) {
        throw new IllegalArgumentException("--rate must be at most 500 for SQS's move task, was " + rate);
      }
    }
  }

  /**
   * What a redrive did.
   *
   * @param moved messages now on the queue (approximate for a move task)
   * @param way how: "SQS's move task" or "receive, send and delete"
   * @param refused messages the queue refused, left on the dead-letter queue, by error code
   * @param failed whether the move task failed
   */
  public record Result(long moved, String way, Map<String, Integer> refused, boolean failed) {
    public Result {
      refused = Map.copyOf(refused);
    }

    /** Whether everything it tried to move was moved. */
    public boolean succeeded() {
      return refused.isEmpty() && !failed;
    }
  }

  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long POLL_MILLIS = 500;
  /** How long a started task may be missing from the server's lists in a row before redrive gives up on it. */
  private static final long TASK_UNSEEN_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final SqsClientConfig client;
  private final String deadLetterQueue;
  private final String queue;
  private final Settings settings;
  private final PrintWriter out;
  private final long taskUnseenNanos;

  /**
   * @param deadLetterQueue where the messages are (URL or name)
   * @param queue where they go back to, the queue the loader reads (URL or name)
   * @param out where progress and the summary are printed
   */
  public Redrive(SqsClientConfig client, String deadLetterQueue, String queue, Settings settings, PrintWriter out) {
    this(client, deadLetterQueue, queue, settings, out, TASK_UNSEEN_NANOS);
  }

  /** As above, giving up on a move task missing from the server's list for {@code taskUnseenNanos}. */
  Redrive(SqsClientConfig client, String deadLetterQueue, String queue, Settings settings, PrintWriter out,
      long taskUnseenNanos) {
    this.taskUnseenNanos = taskUnseenNanos;
    this.client = requireNonNull(client, "client");
    this.deadLetterQueue = requireNonNull(deadLetterQueue, "deadLetterQueue");
    this.queue = requireNonNull(queue, "queue");
    this.settings = requireNonNull(settings, "settings");
    this.out = requireNonNull(out, "out");
  }

  /**
   * Moves the messages until none is left, {@code max} are moved, or {@code stop} turns true.
   *
   * @throws EtlException when a queue is missing or unreachable, or the server refuses the move
   *     task that {@link Method#MOVE_TASK} asks for
   */
  public Result run(BooleanSupplier stop) throws InterruptedException {
    try (SqsRedrive redrive = SqsRedrive.open(client, deadLetterQueue, queue)) {
      out.printf("redrive: from '%s' to '%s'%n", redrive.deadLetterQueueName(), redrive.destinationQueueName());
      long start = System.nanoTime();
      Result result = null;
      if (settings.method() != Method.COPY && settings.max() == null) {
        result = moveTask(redrive, stop);
      }
      if (result == null) {
        result = copy(redrive, stop);
      }
      long left = redrive.deadLetterDepth().visible();
      double seconds = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "redrive: moved %d messages from '%s' to '%s' by %s in %.1f s; about %d left in the"
              + " dead-letter queue%s%s%n",
          result.moved(), redrive.deadLetterQueueName(), redrive.destinationQueueName(), result.way(), seconds, left,
          result.refused().isEmpty() ? "" : "; refused by the queue and left in the dead-letter queue: " + result.refused(),
          stop.getAsBoolean() ? "; interrupted: run it again to move the rest" : "");
      return result;
    }
  }

  /** Moves everything with SQS's move task; null when the server refuses it and COPY may follow. */
  private Result moveTask(SqsRedrive redrive, BooleanSupplier stop) throws InterruptedException {
    String way = "SQS's move task";
    List<SqsRedrive.MoveTask> listed = redrive.moveTasks();
    Optional<SqsRedrive.MoveTask> running = listed.stream().filter(SqsRedrive.MoveTask::running).findFirst();
    Set<Long> startedBefore = listed.stream().map(SqsRedrive.MoveTask::startedMillis).collect(Collectors.toSet());
    // The task's start time as the server gives it: what finds the task once it no longer has a handle.
    long startedMillis = -1;
    String handle;
    if (running.isPresent() && running.get().handle() != null) {
      handle = running.get().handle();
      startedMillis = running.get().startedMillis();
      out.println("redrive: a move task from this dead-letter queue is running already; following it");
    } else {
      SqsRedrive.Start start = redrive.startMoveTask(settings.rate());
      if (start instanceof SqsRedrive.Unsupported unsupported) {
        if (settings.method() == Method.MOVE_TASK) {
          throw new EtlException("The SQS server refused StartMessageMoveTask (" + unsupported.code() + ", HTTP "
              + unsupported.status() + "); use --method copy to move the messages by receive, send and delete.");
        }
        out.printf("redrive: the SQS server refused StartMessageMoveTask (%s, HTTP %d): moving by receive, send and"
            + " delete instead%n", unsupported.code(), unsupported.status());
        return null;
      }
      handle = ((SqsRedrive.Started) start).taskHandle();
      out.println("redrive: started SQS's move task" + (settings.rate() == null ? "" : " at up to " + settings.rate()
          + " messages a second"));
    }
    SqsRedrive.MoveTask task = null;
    boolean cancelled = false;
    long lastProgress = System.nanoTime();
    long unseenSince = System.nanoTime();
    while (true) {
      Optional<SqsRedrive.MoveTask> now = redrive.moveTask(handle, startedMillis, startedBefore);
      if (now.isPresent()) {
        task = now.get();
        unseenSince = System.nanoTime();
        if (task.handle() != null) {
          startedMillis = task.startedMillis();
        }
        if (!task.running()) {
          break;
        }
      } else if (System.nanoTime() - unseenSince > taskUnseenNanos) {
        throw new EtlException("The SQS server started a message move task but does not list it; check the dead-letter"
            + " queue, and run redrive again (with --method copy to move messages by receive, send and delete).");
      }
      if (stop.getAsBoolean() && !cancelled && task != null && "RUNNING".equals(task.status())) {
        redrive.cancelMoveTask(handle);
        cancelled = true;
        out.println("redrive: interrupted; cancelling the move task (what it moved stays moved)");
      }
      if (System.nanoTime() - lastProgress >= PROGRESS_NANOS && task != null) {
        out.printf("redrive: the move task has moved %d%s%n", task.moved(),
            task.toMove() < 0 ? "" : " of about " + task.toMove());
        lastProgress = System.nanoTime();
      }
      Thread.sleep(POLL_MILLIS);
    }
    out.printf("redrive: the move task ended %s%n", task.status());
    return new Result(task.moved(), way, Map.of(), "FAILED".equals(task.status()));
  }

  /** Moves by receive, send and delete, paced to the rate, up to max. */
  private Result copy(SqsRedrive redrive, BooleanSupplier stop) throws InterruptedException {
    long moved = 0;
    Map<String, Integer> refused = new TreeMap<>();
    long start = System.nanoTime();
    long lastProgress = start;
    while (!stop.getAsBoolean() && (settings.max() == null || moved < settings.max())) {
      int want = 10;
      if (settings.max() != null) {
        want = (int) Math.min(want, settings.max() - moved);
      }
      if (settings.rate() != null) {
        want = Math.min(want, settings.rate());
        long due = start + (long) (moved * 1e9 / settings.rate());
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      SqsRedrive.Batch batch = redrive.copyBatch(want);
      moved += batch.moved();
      batch.refused().forEach((code, count) -> refused.merge(code, count, Integer::sum));
      if (batch.received() == 0 || batch.onlyRefusedBefore()) {
        break;
      }
      if (System.nanoTime() - lastProgress >= PROGRESS_NANOS) {
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "redrive: moved %d so far (%.0f a second)%n", moved, moved / Math.max(seconds, 1e-3));
        lastProgress = System.nanoTime();
      }
    }
    return new Result(moved, "receive, send and delete", refused, false);
  }
}
