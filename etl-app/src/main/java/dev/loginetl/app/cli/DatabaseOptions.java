package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.app.credentials.PasswordFile;
import dev.loginetl.app.credentials.RdsIamToken;
import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PasswordSource;
import dev.loginetl.postgres.PostgresConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import software.amazon.awssdk.regions.Region;
import picocli.CommandLine.Option;

/** Where the database is and how to log in. Defaults match the exercise's Postgres setup. */
public final class DatabaseOptions {
  @Option(names = "--jdbc-url", paramLabel = "URL",
      defaultValue = "${env:LOGINETL_JDBC_URL:-jdbc:postgresql://localhost:5432/postgres}",
      description = "PostgreSQL JDBC URL. Env LOGINETL_JDBC_URL; default ${DEFAULT-VALUE}.")
  String jdbcUrl;

  @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:PGUSER:-postgres}",
      description = "Database user. Env PGUSER; default ${DEFAULT-VALUE}.")
  String user;

  @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:PGPASSWORD:-postgres}",
      description = "Database password. Env PGPASSWORD (preferred: not visible in the process list); default postgres.")
  String password;

  @Option(names = "--db-password-file", paramLabel = "FILE", defaultValue = "${env:LOGINETL_DB_PASSWORD_FILE}",
      description = "Read the database password from FILE (one trailing line break removed), again whenever the"
          + " server refuses it: a rotated Kubernetes Secret needs no restart. Env LOGINETL_DB_PASSWORD_FILE."
          + " Takes precedence over --db-password.")
  Path passwordFile;

  @Option(names = "--db-iam-auth", defaultValue = "${env:LOGINETL_DB_IAM_AUTH:-false}",
      description = "Log in with an RDS/Aurora IAM authentication token, signed with the default AWS credential"
          + " chain and renewed every 10 minutes, instead of a password. Needs sslmode=verify-full (or"
          + " verify-ca) in the JDBC URL. Env LOGINETL_DB_IAM_AUTH.")
  boolean iamAuth;

  @Option(names = "--db-region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "AWS region of the database, for --db-iam-auth. Env AWS_REGION; default ${DEFAULT-VALUE}.")
  String region;

  /**
   * The sink settings these options name, with a pool for {@code connections} connections.
   *
   * @throws ConfigurationException when the options contradict each other or the password file
   *     cannot be read
   */
  public PostgresConfig config(int connections) {
    try {
      // The URL and user first, so that a password source never sees a URL that cannot work.
      PostgresConfig named = PostgresConfig.of(jdbcUrl, user, Password.none());
      return PostgresConfig.of(jdbcUrl, user, passwords(named)).withPoolSize(connections);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  private PasswordSource passwords(PostgresConfig named) {
    if (iamAuth && passwordFile != null) {
      throw new ConfigurationException(
          "--db-iam-auth and --db-password-file both say how to log in: give one of them");
    }
    if (passwordFile != null) {
      return new PasswordFile(passwordFile);
    }
    if (iamAuth) {
      return iamToken(named);
    }
    return PasswordSource.fixed(Password.of(password));
  }

  private PasswordSource iamToken(PostgresConfig named) {
    // An IAM token logs in for 15 minutes: under sslmode=require it would go to any server that
    // answers, since pgjdbc then checks no certificate.
    if (!named.verifiesServer()) {
      throw new ConfigurationException(
          "--db-iam-auth needs TLS with the server's certificate checked, since the token logs in for 15 minutes:"
              + " add sslmode=verify-full&sslrootcert=<the RDS CA bundle> (or sslmode=verify-ca) to the JDBC URL");
    }
    InetSocketAddress server = named.singleServer().orElseThrow(() -> new ConfigurationException(
        "--db-iam-auth signs a token for one host: give the JDBC URL a single host (the cluster or instance endpoint)"));
    return RdsIamToken.of(server.getHostString(), server.getPort(), user, Region.of(region));
  }
}
