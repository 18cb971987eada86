package dev.loginetl.core.port;

import dev.loginetl.core.model.Rejection;
import java.util.List;
import java.util.Set;

/**
 * What a {@link LoginSink#write} did besides storing what it was given.
 *
 * @param alreadyPresent idempotency keys of rows or rejections that were stored before, or twice in
 *     the batch, and so were not stored again
 * @param refused rejections for rows the store refused: stored by this write instead of the row, or,
 *     for a row refused again whose rejection an earlier write stored (its key is then in {@code
 *     alreadyPresent} too), the rejection it would have stored. Either way the row's key ends as a
 *     rejection, so that its message can be forwarded to a dead-letter queue again
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
