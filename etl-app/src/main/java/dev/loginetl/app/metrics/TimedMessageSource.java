package dev.loginetl.app.metrics;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.MessageSource;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * A source that times each {@link #acknowledge} call (one batch's deletes) and otherwise passes
 * every call through unchanged. Thread-safe when the source it wraps is; closing it closes that
 * source.
 */
final class TimedMessageSource implements MessageSource {
  private final MessageSource source;
  private final Timer acknowledge;

  TimedMessageSource(MessageSource source, Timer acknowledge) {
    this.source = source;
    this.acknowledge = acknowledge;
  }

  @Override
  public List<ReceivedMessage> receive(int maxMessages) {
    return source.receive(maxMessages);
  }

  @Override
  public void acknowledge(List<ReceivedMessage> messages) {
    if (messages.isEmpty()) {
      source.acknowledge(messages);
      return;
    }
    Timer.Sample sample = Timer.start();
    try {
      source.acknowledge(messages);
    } finally {
      sample.stop(acknowledge);
    }
  }

  @Override
  public void extendVisibility(List<ReceivedMessage> messages) {
    source.extendVisibility(messages);
  }

  @Override
  public Duration visibilityTimeout() {
    return source.visibilityTimeout();
  }

  @Override
  public int maxReceiveBatch() {
    return source.maxReceiveBatch();
  }

  @Override
  public void close() {
    source.close();
  }
}
