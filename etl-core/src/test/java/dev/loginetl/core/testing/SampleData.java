package dev.loginetl.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The exercise's 100 sample messages, from the project's own copy. */
public final class SampleData {
  private SampleData() {}

  /** Each sample message as the JSON text of one queue message body. */
  public static List<String> bodies() {
    ObjectMapper mapper = new ObjectMapper();
    try {
      JsonNode array = mapper.readTree(locate().toFile());
      List<String> bodies = new ArrayList<>();
      for (JsonNode message : array) {
        bodies.add(mapper.writeValueAsString(message));
      }
      return bodies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locate() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("data/fetch-sample-messages.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("data/fetch-sample-messages.json not found above the working directory");
  }
}
