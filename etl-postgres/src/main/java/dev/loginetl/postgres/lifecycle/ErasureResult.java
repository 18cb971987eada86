package dev.loginetl.postgres.lifecycle;

import static java.util.Objects.requireNonNull;

/**
 * What the erasure of one person removed. Holds no personal data: the person is named by the
 * keyed hash of their user id.
 *
 * @param subjectHash the keyed hash recorded in {@code data_lifecycle_audit}
 * @param rows the rows of {@code user_logins} deleted
 * @param rejections the rejections deleted whose body names the user
 * @param earlierErasures how many erasures of this person the audit held before this one; rows
 *     found now although it is not zero were stored after the last one (a new login, or a replay
 *     from the dead-letter queue)
 */
public record ErasureResult(String subjectHash, long rows, long rejections, long earlierErasures) {
  public ErasureResult {
    requireNonNull(subjectHash, "subjectHash");
  }
}
