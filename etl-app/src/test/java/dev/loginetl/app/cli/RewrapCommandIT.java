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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewrapCommandIT {
  @TempDir Path dir;

  private final TestDatabase database = TestDatabase.migrated();

  @Test
  void rewrapsEveryTokenUnderTheRotatedKeyExactlyAsAFreshMaskWouldBe() {
    PiiKeyset keyA = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    TokenizingMasker underA = Maskers.revealer(keyA);
    List<String[]> values = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String ip = i == 3 ? null : "10.0.0." + i;
      String deviceId = "device-" + i;
      values.add(new String[] {"u" + i, ip, deviceId});
      insert("u" + i, ip == null ? null : underA.mask(PiiField.IP, ip), underA.mask(PiiField.DEVICE_ID, deviceId));
    }
    String hmacMask = Maskers.create(MaskingStrategy.HMAC, PiiKeyset.generate(MaskingStrategy.HMAC))
        .mask(PiiField.IP, "192.0.2.1");
    String foreignToken = Maskers.revealer(PiiKeyset.generate(MaskingStrategy.TOKENIZE))
        .mask(PiiField.DEVICE_ID, "device-foreign");
    insert("u-hmac", hmacMask, null);
    insert("u-foreign", null, foreignToken);
    insert("u-none", null, null);
    PiiKeyset keyB = keyA.rotate();
    Path keyFile = dir.resolve("rotated.json");
    keyB.writeNew(keyFile);
    TokenizingMasker underB = Maskers.revealer(keyB);

    Result result = Cli.run(args(new String[] {"rewrap", "--key-file", keyFile.toString(), "--batch-size", "3"},
        database.options()));

    assertThat(result.exitCode()).as(result.err()).isZero();
    for (String[] row : values) {
      String expectedIp = row[1] == null ? null : underB.mask(PiiField.IP, row[1]);
      assertThat(masksOf(row[0]))
          .containsExactly(expectedIp, underB.mask(PiiField.DEVICE_ID, row[2]));
    }
    assertThat(underB.mask(PiiField.IP, "10.0.0.1")).startsWith(underB.primaryMaskPrefix())
        .doesNotStartWith(underA.primaryMaskPrefix());
    assertThat(masksOf("u-hmac")).containsExactly(hmacMask, null);
    assertThat(masksOf("u-foreign")).containsExactly(null, foreignToken);
    assertThat(masksOf("u-none")).containsExactly(null, null);
    assertThat(result.out())
        .contains("batch 1: 3 rows examined")
        .contains("rewrapped under key " + keyB.primaryKeyId() + ": 13 tokens")
        .contains("HMAC masks skipped: 1")
        .contains("unrevealable tokens left as they are: 1 (UNKNOWN_KEY 1)")
        .doesNotContain("10.0.0.", "device-", hmacMask, foreignToken);
  }

  @Test
  void rewrapsNetworkMasksInTheirOwnDomain() {
    PiiKeyset keyA = PiiKeyset.generate(MaskingStrategy.TOKENIZE);
    TokenizingMasker underA = Maskers.revealer(keyA);
    insert("u-net", underA.mask(PiiField.IP, "203.0.113.7"), null);
    database.jdbi().useHandle(h -> h.execute("UPDATE user_logins SET masked_ip_net = ? WHERE user_id = 'u-net'",
        underA.mask(PiiField.IP_NETWORK, "203.0.113.0/24")));
    PiiKeyset keyB = keyA.rotate();
    Path keyFile = dir.resolve("rotated-net.json");
    keyB.writeNew(keyFile);
    TokenizingMasker underB = Maskers.revealer(keyB);

    Result result = Cli.run(args(new String[] {"rewrap", "--key-file", keyFile.toString()}, database.options()));

    assertThat(result.exitCode()).as(result.err()).isZero();
    String net = database.jdbi().withHandle(h -> h.createQuery(
            "SELECT masked_ip_net FROM user_logins WHERE user_id = 'u-net'").mapTo(String.class).one());
    assertThat(net).isEqualTo(underB.mask(PiiField.IP_NETWORK, "203.0.113.0/24"));
    assertThat(masksOf("u-net").get(0)).isEqualTo(underB.mask(PiiField.IP, "203.0.113.7"));
  }

  @Test
  void refusesABatchSizeOutOfRangeWithExit2() {
    Path keyFile = dir.resolve("keys.json");
    PiiKeyset.generate(MaskingStrategy.TOKENIZE).writeNew(keyFile);

    Result result = Cli.run(args(new String[] {"rewrap", "--key-file", keyFile.toString(), "--batch-size", "0"},
        database.options()));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--batch-size is 0");
  }

  private void insert(String userId, String maskedIp, String maskedDeviceId) {
    database.jdbi().useHandle(h -> h.createUpdate(
            "INSERT INTO user_logins (user_id, masked_ip, masked_device_id) VALUES (:u, :ip, :dev)")
        .bind("u", userId).bind("ip", maskedIp).bind("dev", maskedDeviceId)
        .execute());
  }

  private List<String> masksOf(String userId) {
    return database.jdbi().withHandle(h -> h.createQuery(
            "SELECT masked_ip, masked_device_id FROM user_logins WHERE user_id = :u")
        .bind("u", userId)
        .map((rs, ctx) -> Arrays.asList(rs.getString(1), rs.getString(2)))
        .one());
  }
}
