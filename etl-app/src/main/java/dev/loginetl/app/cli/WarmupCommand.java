package dev.loginetl.app.cli;

import dev.loginetl.app.warmup.Warmup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code warmup}, hidden: the training run for the class-data-sharing archive, made when the jar is
 * packaged and when the image is built ({@code java -XX:ArchiveClassesAtExit=loginetl.jsa -jar
 * loginetl.jar warmup}). Needs no server; see {@link Warmup}.
 */
@Command(name = "warmup", hidden = true, mixinStandardHelpOptions = true,
    description = "Walks the start of run without any server (no request leaves the machine), for the "
        + "class-data-sharing archive the build makes. Exits 0.")
public final class WarmupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;

  @Override
  public Integer call() {
    logging.apply();
    spec.commandLine().getOut().println(Warmup.run());
    return 0;
  }
}
