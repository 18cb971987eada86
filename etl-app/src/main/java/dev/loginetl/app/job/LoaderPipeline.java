package dev.loginetl.app.job;

import dev.loginetl.app.metrics.PipelineMetrics;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.core.transform.Transform;
import dev.loginetl.sqs.SqsSender;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place that assembles the loader's pipeline from its settings, for {@code run} and for
 * every bench phase that measures it: the settings as given, the metrics listener, the dead-letter
 * forwarder when there is a dead-letter queue, then the caller's own observers, all behind one
 * guarded composite. The bench's bare drain is this same pipeline with a pass-through transform and
 * a sink that writes nothing.
 */
public final class LoaderPipeline {
  private LoaderPipeline() {}

  /** A started pipeline and the metrics it reports to. */
  public record Started(Pipeline pipeline, PipelineMetrics metrics) {}

  /**
   * Starts the pipeline. The caller owns the source, the sink and the sender, and closes them after
   * {@link Pipeline#stop()}.
   *
   * @param deadLetters where rejected bodies are forwarded; null for none
   * @param observers told after the metrics and the forwarder, each guarded on its own
   */
  public static Started start(MessageSource source, LoginSink sink, Transform transform, RunSettings settings,
      MeterRegistry registry, SqsSender deadLetters, List<? extends PipelineListener> observers) {
    AtomicReference<Pipeline> running = new AtomicReference<>();
    PipelineMetrics metrics = new PipelineMetrics(registry, () -> {
      Pipeline pipeline = running.get();
      return pipeline == null ? null : pipeline.status();
    });
    List<PipelineListener> listeners = new ArrayList<>();
    listeners.add(metrics);
    if (deadLetters != null) {
      listeners.add(new DeadLetterForwarder(deadLetters));
    }
    listeners.addAll(observers);
    Pipeline pipeline = Pipeline.builder(metrics.timed(source), sink, transform)
        .settings(settings.pipeline())
        .listener(PipelineListener.composite(listeners))
        .start();
    running.set(pipeline);
    return new Started(pipeline, metrics);
  }
}
