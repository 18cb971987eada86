package dev.loginetl.core.testing;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.pipeline.BatchReport;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.port.Forwarded;
import java.time.Duration;
import java.util.List;

/** Pipeline listeners for tests. */
public final class Listeners {
  private Listeners() {}

  /** Throws from every event. */
  public static PipelineListener throwing() {
    return new PipelineListener() {
      @Override
      public void received(int messages) {
        throw new IllegalStateException("received");
      }

      @Override
      public void committed(BatchReport report) {
        throw new IllegalStateException("committed");
      }

      @Override
      public void rejectionsCommitted(List<RejectedMessage> rejected) {
        throw new IllegalStateException("rejectionsCommitted");
      }

      @Override
      public void forwarded(int messages) {
        throw new IllegalStateException("forwarded");
      }

      @Override
      public void notForwarded(List<Forwarded.Unkept> unkept) {
        throw new IllegalStateException("notForwarded");
      }

      @Override
      public void acknowledged(int messages) {
        throw new IllegalStateException("acknowledged");
      }

      @Override
      public void extended(int messages) {
        throw new IllegalStateException("extended");
      }

      @Override
      public void retrying(String operation, EtlException cause, Duration delay) {
        throw new IllegalStateException("retrying");
      }

      @Override
      public void recovered(String operation) {
        throw new IllegalStateException("recovered");
      }

      @Override
      public void failed(EtlException cause) {
        throw new IllegalStateException("failed");
      }
    };
  }
}
