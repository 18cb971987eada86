package dev.loginetl.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Message bodies in the envelopes AWS puts logins in on their way to SQS, field for field as AWS
 * documents them, for tests. Each method names the page its shape comes from. Values that identify
 * an AWS account, topic or certificate are the documentation's own examples.
 *
 * <p>Returned as {@link ObjectNode}s, so that a test can break one (remove a field, change a type)
 * before taking its text with {@code toString()}.
 */
public final class AwsEnvelopes {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The topic of AWS's examples. */
  public static final String TOPIC_ARN = "arn:aws:sns:us-west-2:123456789012:MyTopic";

  private AwsEnvelopes() {}

  /**
   * An SNS notification as an SQS queue subscribed to a topic receives it with raw message delivery
   * off: the login's JSON text is the string {@code Message}.
   *
   * <p>Shape: AWS documentation, "Amazon SNS message and JSON formats", section "HTTP/HTTPS
   * notification JSON format" (Type, MessageId, TopicArn, Subject (optional), Message, Timestamp,
   * SignatureVersion, Signature, SigningCertURL, UnsubscribeURL, MessageAttributes (optional)),
   * which "Fanout to Amazon SQS queues" says is the body an SQS subscriber gets.
   *
   * @param messageId SNS's id of the message: the same in every delivery of it
   * @param message the login's JSON text (or anything, for a test of a bad one)
   * @param timestamp ISO-8601, as SNS writes it: {@code 2012-05-02T00:54:06.655Z}
   */
  public static ObjectNode snsNotification(String messageId, String message, String timestamp) {
    ObjectNode body = JSON.createObjectNode();
    body.put("Type", "Notification");
    body.put("MessageId", messageId);
    body.put("TopicArn", TOPIC_ARN);
    body.put("Subject", "login");
    body.put("Message", message);
    body.put("Timestamp", timestamp);
    body.put("SignatureVersion", "1");
    body.put("Signature", "EXAMPLEw6JRNwm1LFQL4ICB0bnXrdB8ClRMTQFGBqwLpGbM78tJ4etTwC5zU7O3tS6tGpey3ejedNdOJ+1fkIp9F2/LmNVKb5aFlYq+9rk9ZiPph5YlLmWsDcyC5T+Sy9/umic5S0UQc2PEtgdpVBahwNOdMW4JPwk0kAJJztnc=");
    body.put("SigningCertURL",
        "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem");
    body.put("UnsubscribeURL", "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
        + TOPIC_ARN + ":c9135db0-26c4-47ec-8998-413945fb5a96");
    ObjectNode attribute = body.putObject("MessageAttributes").putObject("source");
    attribute.put("Type", "String");
    attribute.put("Value", "login-service");
    return body;
  }

  /**
   * The message SNS sends a new subscriber before any notification; it carries no login, and a
   * {@code SubscribeURL} that whoever visits confirms the subscription.
   *
   * <p>Shape: AWS documentation, "Amazon SNS message and JSON formats", section "HTTP/HTTPS
   * subscription confirmation JSON format" (Type, MessageId, Token, TopicArn, Message,
   * SubscribeURL, Timestamp, SignatureVersion, Signature, SigningCertURL).
   */
  public static ObjectNode snsSubscriptionConfirmation(String messageId, String timestamp) {
    String token = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736";
    ObjectNode body = JSON.createObjectNode();
    body.put("Type", "SubscriptionConfirmation");
    body.put("MessageId", messageId);
    body.put("Token", token);
    body.put("TopicArn", TOPIC_ARN);
    body.put("Message", "You have chosen to subscribe to the topic " + TOPIC_ARN
        + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
    body.put("SubscribeURL", "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn="
        + TOPIC_ARN + "&Token=" + token);
    body.put("Timestamp", timestamp);
    body.put("SignatureVersion", "1");
    body.put("Signature", "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=");
    body.put("SigningCertURL",
        "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem");
    return body;
  }

  /**
   * An EventBridge event as a rule targeting an SQS queue delivers it: the login is the object
   * {@code detail}, written here exactly as given (so that a test can put duplicate keys or exact
   * numbers in it).
   *
   * <p>Shape: AWS documentation, "Amazon EventBridge events", section "Event structure" (version,
   * id, detail-type, source, account, time, region, resources, detail).
   *
   * @param id EventBridge's id of the event
   * @param detailJson the login as JSON text, written raw
   * @param time ISO-8601, as EventBridge writes it: {@code 2017-12-22T18:43:48Z}
   */
  public static ObjectNode eventBridgeEvent(String id, String detailJson, String time) {
    ObjectNode body = JSON.createObjectNode();
    body.put("version", "0");
    body.put("id", id);
    body.put("detail-type", "User Login");
    body.put("source", "com.example.logins");
    body.put("account", "111122223333");
    body.put("time", time);
    body.put("region", "us-west-1");
    body.putArray("resources");
    body.putRawValue("detail", new RawValue(detailJson));
    return body;
  }
}
