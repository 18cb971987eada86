package dev.loginetl.app.cli;

import static dev.loginetl.app.testing.Cli.args;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.testing.Cli;
import dev.loginetl.app.testing.Cli.Result;
import dev.loginetl.app.testing.TestDatabase;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.pii.mask.TokenizingMasker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevealCommandIT {
  private static final String IP = "203.0.113.7";
  private static final String DEVICE_ID = "device-a1b2";

  @TempDir Path dir;

  private TestDatabase database;
  private Path keyFile;
  private TokenizingMasker tokens;

  @BeforeEach
  void setUp() {
    database = TestDatabase.migrated();
    PiiKeyset keys = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    keyFile = dir.resolve("tokenize.json");
    keys.writeNew(keyFile);
    tokens = Maskers.revealer(keys);
  }

  @Test
  void revealsTokensGivenAsArgumentsAfterAuditingWhoWhyAndHowMany() {
    String ipToken = tokens.mask(PiiField.IP, IP);
    String deviceToken = tokens.mask(PiiField.DEVICE_ID, DEVICE_ID);

    Result result = reveal("--actor", "alice", "--reason", "SEC-42", ipToken, deviceToken);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).containsExactly(IP, DEVICE_ID);
    assertThat(auditRows()).containsExactly("alice|SEC-42|2|arguments");
    assertThat(auditText()).doesNotContain(IP, DEVICE_ID, ipToken, deviceToken);
  }

  @Test
  void revealsTokensReadFromStandardInputOnePerLine() {
    String first = tokens.mask(PiiField.IP, IP);
    String second = tokens.mask(PiiField.IP, "2001:db8::1");

    Result result = Cli.run(first + "\n\n" + second + "\n",
        args(options(), "--actor", "bob", "--reason", "fraud check", "--field", "ip"));

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).containsExactly(IP, "2001:db8::1");
    assertThat(auditRows()).containsExactly("bob|fraud check|2|stdin");
  }

  @Test
  void revealsANetworkMaskAsItsNetworkAudited() {
    String netToken = tokens.mask(PiiField.IP_NETWORK, "203.0.113.0/24");
    String ipToken = tokens.mask(PiiField.IP, IP);

    Result guessed = reveal("--actor", "dan", "--reason", "fraud ring", netToken, ipToken);
    Result named = reveal("--actor", "dan", "--reason", "fraud ring", "--field", "ip_network", netToken);
    Result wrongField = reveal("--actor", "dan", "--reason", "fraud ring", "--field", "ip", netToken);

    assertThat(guessed.exitCode()).as(guessed.err()).isZero();
    assertThat(guessed.outLines()).containsExactly("203.0.113.0/24", IP);
    assertThat(named.outLines()).containsExactly("203.0.113.0/24");
    assertThat(wrongField.exitCode()).isEqualTo(2);
    assertThat(auditRows()).containsExactly("dan|fraud ring|2|arguments", "dan|fraud ring|1|arguments");
  }

  @Test
  void revealsTheNetworkColumnFromTheTable() {
    insert("u1", tokens.mask(PiiField.IP, IP), null);
    database.jdbi().useHandle(h -> h.execute("UPDATE user_logins SET masked_ip_net = ?",
        tokens.mask(PiiField.IP_NETWORK, "2001:db8::/48")));

    Result result = reveal("--actor", "erin", "--reason", "GDPR access request", "--from-table");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).containsExactlyInAnyOrder("u1\tip\t" + IP, "u1\tip_network\t2001:db8::/48");
    assertThat(auditRows()).containsExactly("erin|GDPR access request|2|user_logins");
  }

  @Test
  void revealsTheMaskedColumnsOfOneUsersRowsFromTheTable() {
    insert("u1", tokens.mask(PiiField.IP, IP), tokens.mask(PiiField.DEVICE_ID, DEVICE_ID));
    insert("u1", null, tokens.mask(PiiField.DEVICE_ID, "device-second"));
    insert("u2", tokens.mask(PiiField.IP, "198.51.100.9"), tokens.mask(PiiField.DEVICE_ID, "device-other"));

    Result result = reveal("--actor", "carol", "--reason", "GDPR access request", "--from-table",
        "--where-user-id", "u1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).containsExactlyInAnyOrder(
        "u1\tip\t" + IP, "u1\tdevice_id\t" + DEVICE_ID, "u1\tdevice_id\tdevice-second");
    assertThat(result.out()).doesNotContain("198.51.100.9", "device-other");
    assertThat(auditRows()).containsExactly("carol|GDPR access request|3|user_logins");
  }

  @Test
  void refusesAnHmacMaskWithExit2AndRevealsNothing() {
    String token = tokens.mask(PiiField.IP, IP);
    String hmacMask = Maskers.create(MaskingStrategy.HMAC, PiiKeyset.generate(MaskingStrategy.HMAC))
        .mask(PiiField.IP, "192.0.2.1");

    Result result = reveal("--actor", "alice", "--reason", "SEC-42", token, hmacMask);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("token 2 is an HMAC mask").contains("cannot be reversed");
    assertThat(result.err()).doesNotContain(IP, token, hmacMask);
    assertThat(result.out()).isEmpty();
    assertThat(auditRows()).isEmpty();
  }

  @Test
  void refusesAnHmacKeysetWithExit2() {
    Path hmacKeys = dir.resolve("hmac.json");
    PiiKeyset.generate(MaskingStrategy.HMAC).writeNew(hmacKeys);

    Result result = Cli.run(args(new String[] {"reveal", "--key-file", hmacKeys.toString()},
        args(database.options(), "--actor", "alice", "--reason", "SEC-42", tokens.mask(PiiField.IP, IP))));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("hmac keys").contains("one-way");
    assertThat(result.out()).isEmpty();
    assertThat(auditRows()).isEmpty();
  }

  @Test
  void refusesToRunWithoutAnActorWithExit2() {
    Result result = reveal("--reason", "SEC-42", tokens.mask(PiiField.IP, IP));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--actor").doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();
    assertThat(auditRows()).isEmpty();
  }

  @Test
  void revealsNothingWhenTheAuditCannotBeWritten() {
    database.jdbi().useHandle(h -> h.execute("DROP TABLE pii_reveal_audit"));

    Result result = reveal("--actor", "alice", "--reason", "SEC-42", tokens.mask(PiiField.IP, IP));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("recording a reveal in the audit").doesNotContain(IP);
    assertThat(result.out()).isEmpty();
  }

  private Result reveal(String... arguments) {
    return Cli.run(args(options(), arguments));
  }

  private String[] options() {
    return args(new String[] {"reveal", "--key-file", keyFile.toString()}, database.options());
  }

  private void insert(String userId, String maskedIp, String maskedDeviceId) {
    database.jdbi().useHandle(h -> h.createUpdate(
            "INSERT INTO user_logins (user_id, masked_ip, masked_device_id) VALUES (:u, :ip, :dev)")
        .bind("u", userId).bind("ip", maskedIp).bind("dev", maskedDeviceId)
        .execute());
  }

  private List<String> auditRows() {
    return database.jdbi().withHandle(h -> h.createQuery(
            "SELECT concat_ws('|', actor, reason, value_count, source) FROM pii_reveal_audit ORDER BY id")
        .mapTo(String.class)
        .list());
  }

  private String auditText() {
    return database.jdbi().withHandle(h -> h.createQuery(
            "SELECT coalesce(string_agg(a::text, ' '), '') FROM pii_reveal_audit a")
        .mapTo(String.class)
        .one());
  }
}
