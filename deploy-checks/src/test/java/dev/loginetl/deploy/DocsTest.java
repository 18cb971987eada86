package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's module map names every module of the parent pom exactly once, and every relative
 * link of the repository's Markdown reaches its file and heading. The checker itself is tested on
 * small documents that break each rule.
 */
class DocsTest {
  /** The repository's root: set by the module's pom, or found from the module's folder. */
  private static final Path ROOT =
      Path.of(System.getProperty("loginetl.repo.dir", "..")).toAbsolutePath().normalize();

  private static final List<String> MODULES = List.of("etl-core", "etl-app", "deploy-checks");

  @Test
  void readmeModuleMapNamesEveryModuleOfThePomOnce() {
    List<String> modules = DocsCheck.modules(DeployFiles.existing(ROOT.resolve("pom.xml")));
    List<String> map = DocsCheck.moduleMap(DocsCheck.read(ROOT.resolve("README.md")));

    assertThat(modules).isNotEmpty();
    assertThat(DocsCheck.moduleMapProblems(modules, map)).isEmpty();
  }

  @Test
  void everyRelativeLinkReachesAFileAndHeading() {
    List<Path> files = DocsCheck.markdownFiles(ROOT);
    assertThat(files).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/architecture.md"));

    List<String> problems = files.stream()
        .flatMap(file -> DocsCheck.linkProblems(ROOT, file).stream())
        .collect(Collectors.toList());

    assertThat(problems).isEmpty();
  }

  @Test
  void contributingGuideGivesTheReadmesTestCommands() {
    String readme = DocsCheck.markedCode(DocsCheck.read(ROOT.resolve("README.md")), "test-commands");
    String guide = DocsCheck.markedCode(DocsCheck.read(ROOT.resolve("docs/contributing.md")), "test-commands");

    assertThat(readme).contains("./mvnw verify");
    assertThat(guide).isEqualTo(readme);
  }

  @Test
  void reportsAModuleMissingFromTheMap() {
    String readme = "# x\n\n## Modules\n\n| module | what |\n|---|---|\n| `etl-core` | core |\n| `deploy-checks` | checks |\n";

    assertThat(DocsCheck.moduleMapProblems(MODULES, DocsCheck.moduleMap(readme)))
        .containsExactly("module etl-app of pom.xml is missing from README.md's module map");
  }

  @Test
  void reportsAModuleTwiceAndAModuleAfterABlankLine() {
    String readme = "## Modules\n\n| module | what |\n|---|---|\n| `etl-core` | core |\n| `etl-core` | again |\n"
        + "| `etl-app` | app |\n\n| `deploy-checks` | cut off by the blank line |\n";

    assertThat(DocsCheck.moduleMapProblems(MODULES, DocsCheck.moduleMap(readme)))
        .containsExactly(
            "module etl-core appears 2 times in README.md's module map",
            "module deploy-checks of pom.xml is missing from README.md's module map");
  }

  @Test
  void reportsAMapRowThatIsNoModule() {
    String readme = "## Modules\n\n| module | what |\n|---|---|\n| `etl-core` | a |\n| `etl-app` | b |\n"
        + "| `deploy-checks` | c |\n| `etl-gone` | d |\n";

    assertThat(DocsCheck.moduleMapProblems(MODULES, DocsCheck.moduleMap(readme)))
        .containsExactly("README.md's module map names etl-gone, which is not a module of pom.xml");
  }

  @Test
  void readsTheModulesOfThePomAndNotOfItsProfiles(@TempDir Path dir) throws IOException {
    Path pom = Files.writeString(dir.resolve("pom.xml"), "<project><modules><module>a</module><module>b</module></modules>"
        + "<profiles><profile><modules><module>c</module></modules></profile></profiles></project>");

    assertThat(DocsCheck.modules(pom)).containsExactly("a", "b");
  }

  @Test
  void reportsAMissingFileAndAMissingHeading(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/ops.md"), "# Ops\n\n## Dead-letter queue and replay\n\n### `loginetl redrive`\n");
    Path readme = Files.writeString(dir.resolve("README.md"), String.join("\n",
        "[ok](docs/ops.md#dead-letter-queue-and-replay) [ok too](docs/ops.md#loginetl-redrive)",
        "[gone](docs/missing.md) [no heading](docs/ops.md#replay) [web](https://example.com/x)",
        "```", "[in code](nowhere.md)", "```", "`[inline](nowhere.md)`", "[self](#top)"));

    assertThat(DocsCheck.linkProblems(dir, readme)).containsExactly(
        "README.md:2: link docs/missing.md points at docs/missing.md, which does not exist",
        "README.md:2: link docs/ops.md#replay names no heading of docs/ops.md",
        "README.md:7: link #top names no heading of README.md");
  }

  @Test
  void slugsHeadingsAsGitHubDoes() {
    assertThat(DocsCheck.headingIds("# A\n## ECS (Fargate)\n### Where the runner's CPU goes\n## A\n```\n# not a heading\n```\n"))
        .containsExactly("a", "ecs-fargate", "where-the-runners-cpu-goes", "a-1");
  }
}
