package dev.loginetl.postgres.internal;

import java.time.LocalDate;

/**
 * Encodes values in the text format of PostgreSQL's {@code COPY ... FROM STDIN}: fields separated
 * by a tab, rows ended by a newline, SQL NULL written {@code \N}, and in text the backslash, tab,
 * newline and carriage return escaped with a backslash. Every other character stands for itself, so
 * a value such as {@code \N} or {@code \.} typed by a user arrives as those characters, never as a
 * NULL or an end-of-data marker.
 *
 * <p>Text must be storable by PostgreSQL: no U+0000 and no unpaired surrogate ({@link
 * #isStorable}); the encoder refuses anything else with an {@link IllegalArgumentException} rather
 * than let a UTF-8 encoder silently replace it. Stateless and thread-safe.
 */
public final class CopyText {
  public static final char FIELD_SEPARATOR = '\t';
  public static final char ROW_END = '\n';
  public static final String NULL = "\\N";

  private CopyText() {}

  /** Appends a text field; {@code null} becomes SQL NULL. */
  public static void appendText(StringBuilder out, String value) {
    if (value == null) {
      out.append(NULL);
      return;
    }
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\':
          out.append("\\\\");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\0':
          throw new IllegalArgumentException("a value holds U+0000, which PostgreSQL text cannot hold");
        default:
          if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            throw new IllegalArgumentException("a value holds an unpaired surrogate, which is not Unicode text");
          } else {
            out.append(c);
          }
      }
    }
  }

  /** Appends an integer field; {@code null} becomes SQL NULL. */
  public static void appendInteger(StringBuilder out, Integer value) {
    if (value == null) {
      out.append(NULL);
    } else {
      out.append(value.intValue());
    }
  }

  /**
   * Appends a date field as ISO {@code yyyy-mm-dd}, which PostgreSQL reads whatever its DateStyle;
   * {@code null} becomes SQL NULL. A date PostgreSQL cannot hold (year 0, negative or five-digit
   * years) is written as Java prints it and refused by the database.
   */
  public static void appendDate(StringBuilder out, LocalDate value) {
    if (value == null) {
      out.append(NULL);
    } else {
      out.append(value);
    }
  }

  /** Whether PostgreSQL can store the text: no U+0000 and no unpaired surrogate. Null is storable. */
  public static boolean isStorable(String value) {
    if (value == null) {
      return true;
    }
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
