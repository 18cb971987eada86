package dev.loginetl.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
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
    assertThat(Files.readString(ROOT.resolve("etl-app/pom.xml"))).contains("<outputFile>${project.build.directory}/loginetl.jar</outputFile>");
    assertThat(dockerfile).contains("USER 10001");
  }

  @Test
  void everyModulePomIsCopiedAndOnlyTheRunnersSourcesAre() throws Exception {
    // Maven reads the whole reactor, so a module whose pom is missing fails the image's build.
    List<String> modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")))
        .results().map(m -> m.group(1)).toList();
    List<String> copies = instructions().stream().filter(i -> i.startsWith("COPY ") && !i.contains("--from="))
        .map(i -> i.split("\\s+")[1]).toList();
    assertThat(modules).contains("etl-app", "etl-lab");
    for (String module : modules) {
      assertThat(copies).as("COPY of %s/pom.xml", module).contains(module + "/pom.xml");
    }
    assertThat(copies).contains("etl-core/src/", "etl-pii/src/", "etl-sqs/src/", "etl-geoip/src/", "etl-postgres/src/",
            "etl-app/src/")
        .doesNotContain("etl-lab/src/", "etl-bench/src/", "etl-testkit/src/", "etl-testdata/src/", "etl-example/src/",
            "deploy-checks/src/");
    // Test sources are not copied (the testkit's least of all), so the stage must not compile tests:
    // -DskipTests would still compile them. .ci/image-build-check runs the stage itself.
    assertThat(instructions()).contains("RUN ./mvnw -B -ntp -q -Dmaven.test.skip=true -Dloginetl.cds.skip=true -pl etl-app -am package");
  }

  @Test
  void theRuntimeStageMakesTheClassDataArchiveFromItsOwnJarAndStartsWithIt() throws Exception {
    List<String> instructions = instructions();
    int runtime = lastIndexStartingWith(instructions, "FROM");
    int jar = indexOf(instructions, "COPY --from=build /src/etl-app/target/loginetl.jar /app/loginetl.jar");
    int archive = -1;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).startsWith("RUN ") && instructions.get(i).contains("-XX:ArchiveClassesAtExit=/app/loginetl.jsa")) {
        archive = i;
      }
    }
    int user = lastIndexStartingWith(instructions, "USER");
    // Made by the runtime stage's own JVM (an archive works only with the JVM build that made it), from
    // the jar as copied (it is tied to that file), while still root (it writes to /app).
    assertThat(archive).as("the RUN that makes the archive").isGreaterThan(runtime).isGreaterThan(jar).isLessThan(user);
    assertThat(instructions.get(archive)).contains("-jar /app/loginetl.jar warmup");
    assertThat(LoginEtl.commandLine().getSubcommands()).as("the runner's commands").containsKey("warmup");
    String entrypoint = instructions.get(lastIndexStartingWith(instructions, "ENTRYPOINT"));
    assertThat(entrypoint).contains("\"-XX:SharedArchiveFile=/app/loginetl.jsa\"");
    assertThat(entrypoint.indexOf("SharedArchiveFile")).isLessThan(entrypoint.indexOf("\"-jar\""));
  }

  private static int lastIndexStartingWith(List<String> instructions, String keyword) {
    int found = -1;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).startsWith(keyword + " ")) {
        found = i;
      }
    }
    return found;
  }

  private static int indexOf(List<String> instructions, String instruction) {
    int found = instructions.indexOf(instruction);
    assertThat(found).as(instruction).isNotNegative();
    return found;
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
