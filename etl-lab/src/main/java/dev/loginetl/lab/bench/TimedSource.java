package dev.loginetl.lab.bench;

import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.MessageSource;
import java.time.Duration;
import java.util.List;

/**
 * A {@link MessageSource} that times the calls to the one it wraps, for the benchmark's breakdown by
 * stage. Adds two clock reads per call. Thread-safe as its delegate; closing it closes the delegate.
 */
final class TimedSource implements MessageSource {
  final StageClock receive = new StageClock();
  final StageClock acknowledge = new StageClock();
  private final MessageSource delegate;

  TimedSource(MessageSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<ReceivedMessage> receive(int maxMessages) {
    long start = System.nanoTime();
    List<ReceivedMessage> messages = delegate.receive(maxMessages);
    receive.add(start, messages.size());
    return messages;
  }

  @Override
  public void acknowledge(List<ReceivedMessage> messages) {
    long start = System.nanoTime();
    delegate.acknowledge(messages);
    acknowledge.add(start, messages.size());
  }

  @Override
  public void extendVisibility(List<ReceivedMessage> messages) {
    delegate.extendVisibility(messages);
  }

  @Override
  public Duration visibilityTimeout() {
    return delegate.visibilityTimeout();
  }

  @Override
  public int maxReceiveBatch() {
    return delegate.maxReceiveBatch();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
