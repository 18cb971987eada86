package dev.loginetl.app.job;

import dev.loginetl.app.metrics.PipelineMetrics;
import dev.loginetl.core.pipeline.Pipeline;
import dev.loginetl.core.pipeline.PipelineBuilder;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.MessageSource;
import dev.loginetl.core.port.RejectionForwarder;
import dev.loginetl.core.transform.Transform;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place that assembles the loader's pipeline from its settings, for {@code run} and for
 * every bench phase that measures it: the settings as given, the dead-letter queue's forwarder when
 * there is one (the pipeline acknowledges a rejected message only once it is forwarded), the
 * metrics listener, then the caller's own observers, all behind one guarded composite. The bench's bare drain is this same pipeline with a pass-through transform and
 * a sink that writes nothing.
 */
public final class LoaderPipeline {
  private LoaderPipeline() {}

  /** A started pipeline and the metrics it reports to. */
  public record Started(Pipeline pipeline, PipelineMetrics metrics) {}

  /**
   * Starts the pipeline. The caller owns the source, the sink and the forwarder, and closes them
   * after {@link Pipeline#stop()}.
   *
   * @param deadLetters where rejected messages are forwarded before they are acknowledged; null for
   *     none
   * @param observers told after the metrics, each guarded on its own
   */
  public static Started start(MessageSource source, LoginSink sink, Transform transform, RunSettings settings,
      MeterRegistry registry, RejectionForwarder deadLetters, List<? extends PipelineListener> observers) {
    AtomicReference<Pipeline> running = new AtomicReference<>();
    PipelineMetrics metrics = new PipelineMetrics(registry, () -> {
      Pipeline pipeline = running.get();
      return pipeline == null ? null : pipeline.status();
    });
    List<PipelineListener> listeners = new ArrayList<>();
    listeners.add(metrics);
    listeners.addAll(observers);
    PipelineBuilder builder = Pipeline.builder(metrics.timed(source), sink, transform)
        .settings(settings.pipeline())
        .listener(PipelineListener.composite(listeners));
    if (deadLetters != null) {
      builder.rejectionForwarder(deadLetters);
    }
    Pipeline pipeline = builder.start();
    running.set(pipeline);
    return new Started(pipeline, metrics);
  }
}
