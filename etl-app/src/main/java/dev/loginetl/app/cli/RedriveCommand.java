package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.app.base.ExitCodes;
import dev.loginetl.app.job.Redrive;
import dev.loginetl.app.job.StopSignals;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code redrive}: moves messages from the dead-letter queue back to the queue, for a replay. */
@Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Moves the messages of the dead-letter queue back to the queue, once the cause of their rejection"
        + " is fixed; the next run stores each under the id it was rejected under, with its original date, and marks"
        + " its rejection resolved. Uses SQS's own move task (StartMessageMoveTask) where the server offers it and no"
        + " --max is given, else receives, sends and deletes. Safe to interrupt (Ctrl-C) and run again: a message"
        + " leaves the dead-letter queue only once it is on the queue, and a copy left by a crash is stored once."})
public final class RedriveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SqsOptions sqs;
  @Mixin LoggingOptions logging;

  @Option(names = "--dlq-url", paramLabel = "URL|NAME", defaultValue = "${env:LOGINETL_DLQ_URL}",
      description = "The dead-letter queue to move messages from. Env LOGINETL_DLQ_URL; required.")
  String dlqUrl;

  @Option(names = "--rate", paramLabel = "N",
      description = "At most N messages a second (1 to 500 for SQS's move task). Default: as fast as the server goes.")
  Integer rate;

  @Option(names = "--max", paramLabel = "N",
      description = "Move at most N messages (by receive, send and delete). Default: all.")
  Integer max;

  @Option(names = "--method", paramLabel = "auto|move-task|copy", defaultValue = "auto", converter = MethodConverter.class,
      description = "auto (SQS's move task, or receive, send and delete when the server refuses it or --max is given),"
          + " move-task, or copy (receive, send and delete). Default auto.")
  Redrive.Method method;

  @Override
  public Integer call() throws InterruptedException {
    logging.apply();
    if (dlqUrl == null || dlqUrl.isBlank()) {
      throw new ConfigurationException("--dlq-url is required: name the dead-letter queue to move messages from");
    }
    Redrive.Settings settings = new Redrive.Settings(method, rate, max);
    AtomicBoolean stop = new AtomicBoolean();
    StopSignals.onStop(() -> stop.set(true));
    Redrive.Result result = new Redrive(sqs.client(), dlqUrl, sqs.queue(), settings, spec.commandLine().getOut())
        .run(stop::get);
    if (!result.succeeded()) {
      spec.commandLine().getErr().println(result.failed()
          ? "loginetl: SQS's move task failed; its messages stay in the dead-letter queue: run redrive again"
          : "loginetl: the queue refused " + result.refused().values().stream().mapToInt(Integer::intValue).sum()
              + " messages " + result.refused().keySet() + "; they stay in the dead-letter queue");
      return ExitCodes.FAILURE;
    }
    return 0;
  }

  /** Reads auto, move-task or copy. */
  static final class MethodConverter implements ITypeConverter<Redrive.Method> {
    @Override
    public Redrive.Method convert(String value) {
      try {
        return Redrive.Method.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is no method: use auto, move-task or copy");
      }
    }
  }
}
