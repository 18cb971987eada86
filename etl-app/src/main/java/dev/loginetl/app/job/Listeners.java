package dev.loginetl.app.job;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.pipeline.RejectedMessage;
import java.time.Duration;
import java.util.List;

/** Several pipeline listeners as one, told in order. */
final class Listeners implements PipelineListener {
  private final List<PipelineListener> all;

  Listeners(List<PipelineListener> all) {
    this.all = List.copyOf(all);
  }

  @Override
  public void received(int messages) {
    all.forEach(l -> l.received(messages));
  }

  @Override
  public void committed(BatchReport report) {
    all.forEach(l -> l.committed(report));
  }

  @Override
  public void rejectionsCommitted(List<RejectedMessage> rejected) {
    all.forEach(l -> l.rejectionsCommitted(rejected));
  }

  @Override
  public void acknowledged(int messages) {
    all.forEach(l -> l.acknowledged(messages));
  }

  @Override
  public void extended(int messages) {
    all.forEach(l -> l.extended(messages));
  }

  @Override
  public void retrying(String operation, EtlException cause, Duration delay) {
    all.forEach(l -> l.retrying(operation, cause, delay));
  }

  @Override
  public void recovered(String operation) {
    all.forEach(l -> l.recovered(operation));
  }
}
