package dev.loginetl.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.port.Forwarded;
import dev.loginetl.core.testing.Listeners;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CompositeListenerTest {
  /** Every event a listener can be told of, each sent the same way to whichever listener is given. */
  private static final Map<String, Consumer<PipelineListener>> EVENTS = Map.of(
      "received", l -> l.received(3),
      "committed", l -> l.committed(new BatchReport(1, Map.of(), 0, 0, Duration.ZERO, List.of(), Instant.EPOCH)),
      "rejectionsCommitted", l -> l.rejectionsCommitted(List.of()),
      "forwarded", l -> l.forwarded(3),
      "notForwarded", l -> l.notForwarded(List.of()),
      "acknowledged", l -> l.acknowledged(3),
      "extended", l -> l.extended(3),
      "retrying", l -> l.retrying("write to the sink", new RetryableEtlException("down"), Duration.ZERO),
      "recovered", l -> l.recovered("write to the sink"),
      "failed", l -> l.failed(new EtlException("gone")));

  @Test
  void coversEveryEventOfTheListenerInterface() {
    assertThat(EVENTS.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(PipelineListener.class.getDeclaredMethods())
            .filter(m -> m.isDefault())
            .map(m -> m.getName())
            .toList());
  }

  @Test
  void aListenerThatThrowsDoesNotKeepTheNextFromBeingToldOfAnyEvent() {
    List<String> toldFirst = new ArrayList<>();
    List<String> toldLast = new ArrayList<>();
    PipelineListener composite = PipelineListener.composite(
        List.of(recording(toldFirst), Listeners.throwing(), recording(toldLast)));

    EVENTS.forEach((event, tell) -> tell.accept(composite));

    assertThat(toldFirst).containsExactlyInAnyOrderElementsOf(EVENTS.keySet());
    assertThat(toldLast).containsExactlyInAnyOrderElementsOf(EVENTS.keySet());
  }

  @Test
  void tellsTheListenersInTheirOrder() {
    List<String> told = new ArrayList<>();
    PipelineListener composite = PipelineListener.composite(List.of(
        new PipelineListener() {
          @Override
          public void acknowledged(int messages) {
            told.add("first");
          }
        },
        new PipelineListener() {
          @Override
          public void acknowledged(int messages) {
            told.add("second");
          }
        }));

    composite.acknowledged(1);

    assertThat(told).containsExactly("first", "second");
  }

  @Test
  void refusesANullListener() {
    assertThatNullPointerException().isThrownBy(() -> PipelineListener.composite(Arrays.asList(PipelineListener.NONE, null)));
  }

  /** Records the name of each event it is told of. */
  private static PipelineListener recording(List<String> told) {
    return new PipelineListener() {
      @Override
      public void received(int messages) {
        told.add("received");
      }

      @Override
      public void committed(BatchReport report) {
        told.add("committed");
      }

      @Override
      public void rejectionsCommitted(List<RejectedMessage> rejected) {
        told.add("rejectionsCommitted");
      }

      @Override
      public void forwarded(int messages) {
        told.add("forwarded");
      }

      @Override
      public void notForwarded(List<Forwarded.Unkept> unkept) {
        told.add("notForwarded");
      }

      @Override
      public void acknowledged(int messages) {
        told.add("acknowledged");
      }

      @Override
      public void extended(int messages) {
        told.add("extended");
      }

      @Override
      public void retrying(String operation, EtlException cause, Duration delay) {
        told.add("retrying");
      }

      @Override
      public void recovered(String operation) {
        told.add("recovered");
      }

      @Override
      public void failed(EtlException cause) {
        told.add("failed");
      }
    };
  }
}
