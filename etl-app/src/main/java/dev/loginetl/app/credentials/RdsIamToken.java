package dev.loginetl.app.credentials;

import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PasswordSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;
import software.amazon.awssdk.services.rds.model.GenerateAuthenticationTokenRequest;

/**
 * An RDS / Aurora IAM authentication token as the database password. The token is signed locally
 * by the AWS SDK's {@link RdsUtilities} (SigV4 over {@code host:port/?Action=connect&DBUser=...})
 * with the credentials of the default chain, the same chain the SQS client uses; no call to AWS is
 * made. A token is valid for 15 minutes for opening connections (connections already open are not
 * affected): this source makes a new one once the cached one is {@link #RENEW_AFTER} old, and at
 * once when the server refuses it.
 *
 * <p>The server must be reached with TLS: RDS refuses IAM logins otherwise, and the token must not
 * cross the network in clear text. The runner refuses to start without it.
 *
 * <p>Thread-safe. {@link #toString()} names host, port, user and region, never the token.
 */
public final class RdsIamToken implements PasswordSource {
  /** A token's age at which a new one is made: well inside its 15-minute life. */
  public static final Duration RENEW_AFTER = Duration.ofMinutes(10);

  private final String host;
  private final int port;
  private final String user;
  private final Region region;
  private final Supplier<String> generator;
  private final Clock clock;
  private Password token;
  private Instant issued;

  RdsIamToken(String host, int port, String user, Region region, Supplier<String> generator, Clock clock) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.region = region;
    this.generator = generator;
    this.clock = clock;
  }

  /** Tokens for {@code user} at {@code host:port} in {@code region}, under the default credential chain. */
  public static RdsIamToken of(String host, int port, String user, Region region) {
    return new RdsIamToken(host, port, user, region,
        signer(host, port, user, region, DefaultCredentialsProvider.builder().build()), Clock.systemUTC());
  }

  /** Signs a new token on each call, with the SDK's own clock. */
  static Supplier<String> signer(String host, int port, String user, Region region, AwsCredentialsProvider credentials) {
    RdsUtilities utilities = RdsUtilities.builder().region(region).credentialsProvider(credentials).build();
    GenerateAuthenticationTokenRequest request =
        GenerateAuthenticationTokenRequest.builder().hostname(host).port(port).username(user).build();
    return () -> utilities.generateAuthenticationToken(request);
  }

  @Override
  public synchronized Password current() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(issued.plus(RENEW_AFTER))) {
      token = Password.of(generator.get());
      issued = now;
    }
    return token;
  }

  /** Forgets the cached token, so that the next connection signs a new one. */
  @Override
  public synchronized void refused() {
    token = null;
  }

  @Override
  public String toString() {
    return "RdsIamToken[" + user + "@" + host + ":" + port + ", " + region + "]";
  }
}
