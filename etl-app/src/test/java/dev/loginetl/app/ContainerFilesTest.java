package dev.loginetl.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, checked statically (no Docker engine runs here; docker-compose.yml is checked by
 * {@code docker-compose config} in .ci/run): every instruction is known, every file it copies from
 * the build context exists, base images are pinned, and it runs the jar this build makes.
 */
class ContainerFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> INSTRUCTIONS = List.of("FROM", "WORKDIR", "COPY", "RUN", "USER", "EXPOSE",
      "ENTRYPOINT", "CMD", "ENV", "ARG", "LABEL", "HEALTHCHECK");

  private static List<String> instructions() throws Exception {
    List<String> joined = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        joined.add(current.append(trimmed).toString());
        current.setLength(0);
      }
    }
    return joined;
  }

  @Test
  void everyInstructionIsKnownAndEveryCopiedPathExists() throws Exception {
    for (String instruction : instructions()) {
      String keyword = instruction.split("\\s+")[0];
      assertThat(INSTRUCTIONS).as(instruction).contains(keyword);
      if (keyword.equals("COPY") && !instruction.contains("--from=")) {
        String[] parts = instruction.split("\\s+");
        for (String source : Arrays.copyOfRange(parts, 1, parts.length - 1)) {
          assertThat(ROOT.resolve(source)).as("COPY source %s", source).exists();
        }
      }
    }
  }

  @Test
  void baseImagesArePinnedAndTheJarIsTheOneThisBuildMakes() throws Exception {
    List<String> froms = instructions().stream().filter(i -> i.startsWith("FROM")).toList();
    assertThat(froms).hasSize(2).allSatisfy(from -> assertThat(from.split("\\s+")[1]).contains(":").doesNotEndWith(":latest"));
    String dockerfile = String.join("\n", instructions());
    assertThat(dockerfile).contains("/src/etl-app/target/loginetl.jar").contains("\"-jar\", \"/app/loginetl.jar\"");
    assertThat(Files.readString(ROOT.resolve("etl-app/pom.xml"))).contains("<finalName>loginetl</finalName>");
    assertThat(dockerfile).contains("USER 10001");
  }

  @Test
  void theComposeStackRunsTheCommandsTheRunnerHas() throws Exception {
    String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
    for (String command : List.of("\"run\"", "\"migrate\"", "\"seed\"", "keys generate --masking hmac")) {
      assertThat(compose).contains(command);
    }
    assertThat(Files.readString(ROOT.resolve("docker/elasticmq.conf"))).contains("login-queue-dlq").contains("deadLettersQueue");
  }
}
