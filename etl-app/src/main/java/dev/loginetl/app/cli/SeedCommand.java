package dev.loginetl.app.cli;

import dev.loginetl.app.base.ExitCodes;
import dev.loginetl.app.base.SampleMessages;
import dev.loginetl.sqs.SqsQueueAdmin;
import dev.loginetl.sqs.SqsSender;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seed}: puts messages on a queue. */
@Command(name = "seed", mixinStandardHelpOptions = true,
    description = "Sends the messages of a JSON array or JSON-lines file to the queue, ten per request. "
        + "Without a file, sends the exercise's 100 sample messages.")
public final class SeedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SqsOptions sqs;
  @Mixin LoggingOptions logging;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "A JSON array, or one JSON message per line.")
  Path file;

  @Override
  public Integer call() {
    logging.apply();
    List<String> bodies = file == null ? SampleMessages.bundled() : SampleMessages.fromFile(file);
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(sqs.client())) {
      SqsSender sender = admin.sender(sqs.queue());
      SqsSender.Result result = sender.send(bodies);
      spec.commandLine().getOut().printf("sent %d of %d messages to %s%n", result.sent(), bodies.size(), sender.queueUrl());
      if (!result.refused().isEmpty()) {
        spec.commandLine().getErr().printf("loginetl: the queue refused %d messages (first: #%d, %s)%n",
            result.refused().size(), result.refused().get(0).index(), result.refused().get(0).code());
        return ExitCodes.FAILURE;
      }
      return 0;
    }
  }
}
