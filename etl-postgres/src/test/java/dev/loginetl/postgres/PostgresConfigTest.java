package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresConfigTest {
  private static final String URL = "jdbc:postgresql://db.example:6543/logins?sslmode=require";

  @Test
  void hasDefaultsForPoolSchemaAndTimeout() {
    PostgresConfig config = PostgresConfig.of(URL, "etl", Password.of("s3cret"));

    assertThat(config.poolSize()).isEqualTo(4);
    assertThat(config.schema()).isEqualTo("public");
    assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.server()).isEqualTo("db.example:6543/logins");
  }

  @Test
  void printsNeitherThePasswordNorTheUrlParameters() {
    PostgresConfig config = PostgresConfig.of(URL, "etl", Password.of("s3cret"));

    assertThat(config.toString())
        .isEqualTo("PostgresConfig[server=db.example:6543/logins, user=etl, password=***, poolSize=4,"
            + " schema=public, connectionTimeout=PT10S]");
    assertThat(Password.of("s3cret")).hasToString("***");
  }

  @Test
  void passwordsCompareByValue() {
    assertThat(Password.of("a")).isEqualTo(Password.of("a")).isNotEqualTo(Password.of("b"));
    assertThat(Password.of("")).isEqualTo(Password.none());
  }

  @Test
  void refusesAUrlThatIsNotPostgres() {
    assertThatThrownBy(() -> PostgresConfig.of("jdbc:mysql://db/x", "etl", Password.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the JDBC URL must start with jdbc:postgresql:");
  }

  @Test
  void refusesAPasswordInsideTheUrl() {
    assertThatThrownBy(() -> PostgresConfig.of("jdbc:postgresql://db/x?password=s3cret", "etl", Password.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the JDBC URL carries a password parameter: pass the password separately so that it never prints")
        .message().doesNotContain("s3cret");
  }

  @Test
  void refusesNamedStatementsInTheUrlButAcceptsThreshold0() {
    assertThatThrownBy(() -> PostgresConfig.of("jdbc:postgresql://db/x?prepareThreshold=5", "etl", Password.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the JDBC URL sets prepareThreshold: the loader sends every statement unnamed so that it works"
            + " behind a connection pooler in transaction mode; remove the parameter");
    assertThat(PostgresConfig.of("jdbc:postgresql://db/x?prepareThreshold=0", "etl", Password.none()).user())
        .isEqualTo("etl");
  }

  @Test
  void refusesASchemaThatIsNotALowerCaseIdentifier() {
    PostgresConfig config = PostgresConfig.of(URL, "etl", Password.none());

    assertThatThrownBy(() -> config.withSchema("Public\"; DROP TABLE x; --"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the schema name must be a lower-case SQL identifier");
  }

  @Test
  void refusesAPoolSizeOutOfRangeAndAMissingUser() {
    PostgresConfig config = PostgresConfig.of(URL, "etl", Password.none());

    assertThatThrownBy(() -> config.withPoolSize(0)).hasMessage("the pool size is 0: it must be between 1 and 100");
    assertThatThrownBy(() -> PostgresConfig.of(URL, " ", Password.none()))
        .hasMessage("the database user is missing: give the user to log in as");
    assertThatThrownBy(() -> config.withConnectionTimeout(Duration.ofMillis(10)))
        .hasMessage("the connection timeout must be at least 250 ms");
  }

  @Test
  void saysWhetherTheUrlRequiresTls() {
    assertThat(PostgresConfig.of(URL, "etl", Password.none()).requiresTls()).isTrue();
    assertThat(PostgresConfig.of("jdbc:postgresql://db.example/logins?sslmode=verify-full", "etl", Password.none())
        .requiresTls()).isTrue();
    assertThat(PostgresConfig.of("jdbc:postgresql://db.example/logins?sslmode=prefer", "etl", Password.none())
        .requiresTls()).isFalse();
    assertThat(PostgresConfig.of("jdbc:postgresql://db.example/logins", "etl", Password.none()).requiresTls()).isFalse();
  }

  @Test
  void saysWhetherTheUrlChecksTheServersCertificate() {
    for (String mode : new String[] {"verify-full", "verify-ca", "VERIFY-FULL"}) {
      assertThat(PostgresConfig.of("jdbc:postgresql://db.example/logins?sslmode=" + mode, "etl", Password.none())
          .verifiesServer()).as(mode).isTrue();
    }
    for (String mode : new String[] {"require", "prefer", "disable"}) {
      assertThat(PostgresConfig.of("jdbc:postgresql://db.example/logins?sslmode=" + mode, "etl", Password.none())
          .verifiesServer()).as(mode).isFalse();
    }
    assertThat(PostgresConfig.of("jdbc:postgresql://db.example/logins", "etl", Password.none()).verifiesServer()).isFalse();
  }

  @Test
  void namesItsSingleServerOnlyWhenTheUrlNamesOne() {
    assertThat(PostgresConfig.of(URL, "etl", Password.none()).singleServer())
        .hasValueSatisfying(server -> {
          assertThat(server.getHostString()).isEqualTo("db.example");
          assertThat(server.getPort()).isEqualTo(6543);
        });
    assertThat(PostgresConfig.of("jdbc:postgresql://db.example/logins", "etl", Password.none()).singleServer())
        .hasValueSatisfying(server -> assertThat(server.getPort()).isEqualTo(5432));
    assertThat(PostgresConfig.of("jdbc:postgresql://a.example:5432,b.example:5432/logins", "etl", Password.none())
        .singleServer()).isEmpty();
  }
}
