package dev.loginetl.sqs.credentials;

import dev.loginetl.core.EtlException;
import dev.loginetl.sqs.QueueDepth;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsQueueAdmin;
import java.net.URI;
import java.util.List;

/**
 * Run in a JVM of its own by {@link DefaultCredentialChainIT}, with the environment it is given:
 * builds the SQS client as the runner does without configured credentials (so the SDK's default
 * chain finds them), sends one message to the queue and reads the queue's depth.
 *
 * <p>Arguments: the SQS endpoint, the queue URL. Prints {@code sent N} and exits 0, or prints the
 * loader's error sentence and exits 1.
 */
public final class CredentialChainProbe {
  private CredentialChainProbe() {}

  public static void main(String[] args) {
    SqsClientConfig config = SqsClientConfig.defaults().withEndpoint(URI.create(args[0]));
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(config)) {
      int sent = admin.sender(args[1]).send(List.of("{\"probe\":true}")).sent();
      QueueDepth depth = admin.depth(args[1]);
      System.out.println("sent " + sent + ", visible " + depth.visible());
    } catch (EtlException e) {
      System.out.println("failed: " + e.getMessage());
      System.exit(1);
    }
  }
}
