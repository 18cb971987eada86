package dev.loginetl.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  @Test
  void theReportedCommandLineHoldsNoPassword() {
    String described = BenchCommand.describeCommand(List.of("--runs", "3", "--db-password", "s3cret",
        "--jdbc-url", "jdbc:postgresql://db:5432/x?user=u&password=s3cret2", "--db-password=s3cret3"));

    assertThat(described).doesNotContain("s3cret")
        .isEqualTo("--runs 3 --db-password *** --jdbc-url jdbc:postgresql://db:5432/x?*** --db-password=***");
  }
}
