package dev.loginetl.app.job;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.RejectedMessage;
import dev.loginetl.core.pipeline.PipelineListener;
import dev.loginetl.sqs.SqsSender;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the original bodies of committed rejections to a dead-letter queue, for reprocessing
 * once the cause is fixed. Best effort: the rejection is already committed in the database with its
 * redacted body, so a failed forward is logged (as a count) and not retried.
 */
final class DeadLetterForwarder implements PipelineListener {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterForwarder.class);
  private final SqsSender sender;

  DeadLetterForwarder(SqsSender sender) {
    this.sender = sender;
  }

  @Override
  public void rejectionsCommitted(List<RejectedMessage> rejected) {
    List<String> bodies = rejected.stream().map(r -> r.message().body()).toList();
    try {
      SqsSender.Result result = sender.send(bodies);
      if (!result.refused().isEmpty()) {
        LOG.warn("the dead-letter queue refused {} of {} rejected bodies; their rejections are in user_logins_rejected",
            result.refused().size(), bodies.size());
      }
    } catch (EtlException e) {
      LOG.warn("could not forward {} rejected bodies to the dead-letter queue ({}); their rejections are in user_logins_rejected",
          bodies.size(), e.getMessage());
    }
  }
}
