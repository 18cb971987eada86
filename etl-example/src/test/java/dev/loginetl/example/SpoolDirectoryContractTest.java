package dev.loginetl.example;

import dev.loginetl.core.port.MessageSource;
import dev.loginetl.testkit.MessageSourceContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The spool keeps the {@link MessageSource} contract, as the testkit states it. */
class SpoolDirectoryContractTest implements MessageSourceContract {
  @TempDir Path directory;
  private SpoolDirectory spool;

  @Override
  public MessageSource newSource(Duration visibilityTimeout) {
    spool = new SpoolDirectory(directory.resolve("spool"), visibilityTimeout);
    return spool;
  }

  @Override
  public void send(List<String> bodies) {
    bodies.forEach(spool::submit);
  }
}
