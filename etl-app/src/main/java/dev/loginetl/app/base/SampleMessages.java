package dev.loginetl.app.base;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Message bodies from a JSON array or JSON-lines file, and the exercise's bundled sample. */
public final class SampleMessages {
  private static final String BUNDLED = "/dev/loginetl/app/sample/fetch-sample-messages.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SampleMessages() {}

  /** The exercise's 100 sample messages, shipped in the jar. */
  public static List<String> bundled() {
    try (InputStream in = SampleMessages.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the bundled sample " + BUNDLED + " is missing from the jar");
      }
      return bodies(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "the bundled sample");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One body per element of a JSON array, or per non-blank line of a JSON-lines file. Elements are
   * sent as compact JSON; lines exactly as written (a bad line is sent as is, to be rejected and
   * kept by the loader).
   */
  public static List<String> fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("the file " + file + " does not exist: give a JSON array or JSON-lines file");
    } catch (IOException e) {
      throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
    }
    return bodies(text, file.toString());
  }

  private static List<String> bodies(String text, String what) {
    String trimmed = text.strip();
    List<String> bodies = new ArrayList<>();
    if (trimmed.startsWith("[")) {
      JsonNode array;
      try {
        array = JSON.readTree(trimmed);
      } catch (IOException e) {
        throw new ConfigurationException(what + " starts like a JSON array but is not valid JSON: fix it, or give one message per line");
      }
      for (JsonNode element : array) {
        bodies.add(element.toString());
      }
    } else {
      trimmed.lines().filter(line -> !line.isBlank()).forEach(bodies::add);
    }
    return bodies;
  }
}
