package dev.loginetl.pii.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.pii.PiiConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Checks on what an exception says. */
public final class Messages {
  private Messages() {}

  /** The message is one sentence for an operator: one line, a capital, one full stop, at the end. */
  public static void assertOneSentence(String message) {
    assertThat(message).isNotBlank();
    assertThat(message).doesNotContain("\n", "\r");
    assertThat(message.charAt(0)).isUpperCase();
    assertThat(message).endsWith(".");
    assertThat(message.substring(0, message.length() - 1))
        .as("a second sentence in: %s", message)
        .doesNotContainPattern("[.!?] [A-Z]");
  }

  /** As {@link #assertOneSentence}, and the exception carries no cause that could quote its input. */
  public static void assertOperatorMessage(Throwable thrown) {
    assertThat(thrown).isInstanceOf(PiiConfigException.class);
    assertOneSentence(thrown.getMessage());
    if (thrown.getCause() != null) {
      assertThat(thrown.getCause()).isInstanceOf(IOException.class);
    }
  }

  /** Everything an exception would print: class, message, causes, stack. */
  public static String printed(Throwable thrown) {
    StringWriter out = new StringWriter();
    thrown.printStackTrace(new PrintWriter(out, true));
    return out.toString();
  }
}
