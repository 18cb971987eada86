package dev.loginetl.sqs;

/**
 * SQS's approximate message counts for one queue. They lag: SQS updates them within about a
 * minute, and ElasticMQ counts a deleted message as in flight until the queue's next receive. A
 * queue is only known to be drained once its depth has read zero for a while.
 *
 * @param visible messages that a receive could return now ({@code ApproximateNumberOfMessages})
 * @param inFlight messages delivered and not yet deleted nor visible again ({@code
 *     ApproximateNumberOfMessagesNotVisible})
 * @param delayed messages not yet visible because of a delivery delay ({@code
 *     ApproximateNumberOfMessagesDelayed})
 */
public record QueueDepth(long visible, long inFlight, long delayed) {

  public QueueDepth {
    if (visible < 0 || inFlight < 0 || delayed < 0) {
      throw new IllegalArgumentException("queue depth counts must not be negative");
    }
  }

  /** All messages the queue holds, in whichever state. */
  public long total() {
    return visible + inFlight + delayed;
  }

  /** Whether the queue held nothing at all when the counts were taken. */
  public boolean isEmpty() {
    return total() == 0;
  }
}
