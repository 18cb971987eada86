package dev.loginetl.core.port;

import dev.loginetl.core.model.Rejection;
import java.util.List;
import java.util.Set;

/**
 * What a {@link LoginSink#write} did besides storing what it was given.
 *
 * @param alreadyPresent idempotency keys of rows or rejections that were stored before, or twice in
 *     the batch, and so were not stored again
 * @param refused rejections the sink stored instead of rows the store refused
 */
public record WriteResult(Set<String> alreadyPresent, List<Rejection> refused) {

  private static final WriteResult CLEAN = new WriteResult(Set.of(), List.of());

  public WriteResult {
    alreadyPresent = Set.copyOf(alreadyPresent);
    refused = List.copyOf(refused);
  }

  /** A write that stored everything it was given. */
  public static WriteResult clean() {
    return CLEAN;
  }
}
