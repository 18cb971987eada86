package dev.loginetl.app.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Log format and level: plain text by default, JSON lines for log collectors. */
public final class LoggingOptions {
  enum Format { PLAIN, JSON }

  @Option(names = "--log-format", paramLabel = "plain|json", defaultValue = "${env:LOGINETL_LOG_FORMAT:-plain}",
      converter = FormatConverter.class, description = "Log format on standard error. Default ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--debug", description = "Log at DEBUG level (still no message contents).")
  boolean debug;

  /** Whether {@code --debug} was given. */
  public boolean debug() {
    return debug;
  }

  /** Applies the choice to Logback; call before the command logs anything. */
  public void apply() {
    System.setProperty("loginetl.log.format", format.name());
    System.setProperty("loginetl.log.level", debug ? "DEBUG" : "INFO");
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("the logging configuration is broken", e);
      }
    }
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }
}
