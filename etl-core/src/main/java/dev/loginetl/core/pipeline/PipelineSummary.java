package dev.loginetl.core.pipeline;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.RejectReason;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Pipeline} did in its whole run.
 *
 * @param received deliveries taken from the source (a redelivered message counts each time)
 * @param loaded rows written
 * @param rejected rejections written, by reason
 * @param duplicates deliveries of messages that were already stored
 * @param acknowledged deliveries deleted from the source
 * @param ignoredFields fields no rule reads, over all rows written
 * @param forwarded rejected messages forwarded to the dead-letter queue (a message forwarded again,
 *     after a redelivery, counts each time)
 * @param failure nullable: the failure that stopped the run, if one did
 */
public record PipelineSummary(
    long received,
    long loaded,
    Map<RejectReason, Long> rejected,
    long duplicates,
    long acknowledged,
    long ignoredFields,
    long forwarded,
    EtlException failure) {

  public PipelineSummary {
    rejected = Map.copyOf(rejected);
  }

  /** Rejections written, all reasons together. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The failure that stopped the run, if one did. */
  public Optional<EtlException> failed() {
    return Optional.ofNullable(failure);
  }
}
