package dev.loginetl.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.postgres.internal.MigrationHistory.Applied;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationHistoryTest {
  private static final ClassLoader LOADER = MigrationHistoryTest.class.getClassLoader();

  @Test
  void listsEveryMigrationInTheMigrationDirectoryInVersionOrder() throws IOException, URISyntaxException {
    URL dir = LOADER.getResource(MigrationHistory.RESOURCE_DIR);
    List<String> files;
    try (Stream<Path> listing = Files.list(Path.of(dir.toURI()))) {
      files = listing.map(p -> p.getFileName().toString())
          .sorted((a, b) -> Integer.compare(Integer.parseInt(MigrationHistory.version(a)),
              Integer.parseInt(MigrationHistory.version(b))))
          .toList();
    }

    assertThat(MigrationHistory.SCRIPTS).containsExactlyElementsOf(files);
  }

  @Test
  void aHistoryWithEveryMigrationAndItsChecksumIsCurrent() {
    assertThat(MigrationHistory.isCurrent(history(), LOADER)).isTrue();
  }

  @Test
  void baselineAndSchemaRowsDoNotMatter() {
    List<Applied> rows = new ArrayList<>();
    rows.add(new Applied(null, "SCHEMA", "<< Flyway Schema Creation >>", null, true));
    rows.add(new Applied("0", "BASELINE", "<< Flyway Baseline >>", null, true));
    rows.addAll(history());

    assertThat(MigrationHistory.isCurrent(rows, LOADER)).isTrue();
  }

  @Test
  void aMissingMigrationIsNotCurrent() {
    List<Applied> rows = history();
    rows.remove(rows.size() - 1);

    assertThat(MigrationHistory.isCurrent(rows, LOADER)).isFalse();
    assertThat(MigrationHistory.isCurrent(List.of(), LOADER)).isFalse();
  }

  @Test
  void anEditedMigrationIsNotCurrent() {
    List<Applied> rows = history();
    Applied second = rows.get(1);
    rows.set(1, new Applied(second.version(), second.type(), second.script(), second.checksum() + 1, true));

    assertThat(MigrationHistory.isCurrent(rows, LOADER)).isFalse();
  }

  @Test
  void aFailedOrUnknownMigrationIsNotCurrent() {
    List<Applied> failed = history();
    Applied last = failed.get(2);
    failed.set(2, new Applied(last.version(), last.type(), last.script(), last.checksum(), false));
    List<Applied> newer = history();
    newer.add(new Applied("4", "SQL", "V4__from_a_newer_loader.sql", 12345, true));
    List<Applied> undone = history();
    undone.add(new Applied("3", "UNDO_SQL", "U3__pii_reveal_audit.sql", 1, true));

    assertThat(MigrationHistory.isCurrent(failed, LOADER)).isFalse();
    assertThat(MigrationHistory.isCurrent(newer, LOADER)).isFalse();
    assertThat(MigrationHistory.isCurrent(undone, LOADER)).isFalse();
  }

  @Test
  void theChecksumIsFlywaysCrcOfTheLinesWithoutLineEndings() {
    // "a\nb\n" and "a\r\nb" give Flyway the same lines, so the same checksum: CRC32 of "ab".
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update("ab".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ClassLoader files = new ClassLoader(null) {
      @Override
      public java.io.InputStream getResourceAsStream(String name) {
        String body = name.endsWith("V1__unix.sql") ? "a\nb\n" : "\uFEFFa\r\nb";
        return new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    };

    assertThat(MigrationHistory.checksum(files, "V1__unix.sql")).isEqualTo((int) crc.getValue());
    assertThat(MigrationHistory.checksum(files, "V2__windows_with_bom.sql")).isEqualTo((int) crc.getValue());
  }

  private static List<Applied> history() {
    List<Applied> rows = new ArrayList<>();
    for (String script : MigrationHistory.SCRIPTS) {
      rows.add(new Applied(MigrationHistory.version(script), "SQL", script,
          MigrationHistory.checksum(LOADER, script), true));
    }
    return rows;
  }
}
