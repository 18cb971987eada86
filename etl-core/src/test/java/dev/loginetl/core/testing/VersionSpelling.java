package dev.loginetl.core.testing;

import static java.util.Objects.requireNonNull;

/**
 * An {@code app_version} value as a producer sent it, and what the rules make of it.
 *
 * @param json how it is written: a JSON string or a JSON number
 * @param text the text kept as received (a number's literal)
 * @param encoding the ordered integer the rules give it, or null when the text is not an encodable
 *     version
 */
public record VersionSpelling(Json json, String text, Integer encoding) {
  public VersionSpelling {
    requireNonNull(json, "json");
    requireNonNull(text, "text");
  }
}
