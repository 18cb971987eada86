package dev.loginetl.lab.bench;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.WriteResult;
import java.util.List;

/**
 * A {@link LoginSink} that times the writes of the one it wraps. Thread-safe as its delegate;
 * closing it closes the delegate.
 */
final class TimedSink implements LoginSink {
  final StageClock write = new StageClock();
  private final LoginSink delegate;

  TimedSink(LoginSink delegate) {
    this.delegate = delegate;
  }

  @Override
  public WriteResult write(List<LoginRow> rows, List<Rejection> rejections) {
    long start = System.nanoTime();
    WriteResult result = delegate.write(rows, rejections);
    write.add(start, rows.size() + rejections.size());
    return result;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
