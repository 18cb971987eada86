package dev.loginetl.testkit;

import dev.loginetl.core.port.MessageSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;

class InMemoryQueueContractTest implements MessageSourceContract {
  private InMemoryQueue queue;

  @Override
  public MessageSource newSource(Duration visibilityTimeout) {
    queue = new InMemoryQueue(visibilityTimeout);
    return queue;
  }

  @Override
  public void send(List<String> bodies) {
    queue.send(bodies);
  }

  @Override
  public void send(String body, Map<String, String> attributes) {
    queue.send(body, attributes);
  }
}
