package dev.loginetl.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = LoginEtl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("run", "seed", "migrate", "keys", "reveal", "rewrap", "redrive")
        .doesNotContain("demo", "bench");
    assertThat(execute("run", "--help")).isZero();
    assertThat(out.toString()).contains("--queue-url", "LOGINETL_QUEUE_URL", "--until-empty", "--metrics-port",
        "--envelope", "LOGINETL_ENVELOPE");
  }

  @Test
  void theHiddenWarmupWalksTheStartWithoutAnyServerAndExitsZero() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).doesNotContain("warmup");

    assertThat(execute("warmup")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("100 sample messages masked with each strategy", "99 of them through the pipeline",
        "3 of 3 connections refused");
  }

  @Test
  void aBadOptionExitsTwoWithOneSentence() {
    assertThat(execute("run", "--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).startsWith("loginetl: Unknown option: '--no-such-option'").hasLineCount(1);
  }

  @Test
  void anUnknownEnvelopeModeExitsTwoWithOneSentence() {
    assertThat(execute("run", "--envelope", "sqs")).isEqualTo(2);
    assertThat(err.toString()).contains("--envelope")
        .contains("The envelope mode 'sqs' is unknown: set it to auto, none, sns or eventbridge.").hasLineCount(1);
  }

  @Test
  void redriveNeedsADeadLetterQueueAndRefusesMaxWithTheMoveTask() {
    if (System.getenv("LOGINETL_DLQ_URL") == null) {
      assertThat(execute("redrive")).isEqualTo(2);
      assertThat(err.toString()).startsWith("loginetl: --dlq-url is required").hasLineCount(1);
    }
    err.getBuffer().setLength(0);
    assertThat(execute("redrive", "--dlq-url", "dlq", "--method", "move-task", "--max", "5")).isEqualTo(2);
    assertThat(err.toString()).contains("--max needs --method copy or auto").hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(execute("redrive", "--dlq-url", "dlq", "--method", "sideways")).isEqualTo(2);
    assertThat(err.toString()).contains("use auto, move-task or copy").hasLineCount(1);
  }

  @Test
  void aBadNumberExitsTwo() {
    assertThat(execute("run", "--receivers", "many")).isEqualTo(2);
    assertThat(err.toString()).contains("--receivers").hasLineCount(1);
  }

  @Test
  void aMissingKeyExitsTwoSayingHowToMakeOne(@TempDir Path dir) {
    assertThat(execute("run", "--key-file", dir.resolve("absent.key").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("absent.key").contains("loginetl keys generate").hasLineCount(1);
  }

  @Test
  void revealTakesNoMaskingOptionAndPointsAtATokenizeKey() {
    assertThat(execute("reveal", "--masking", "hmac", "--actor", "a", "--reason", "r", "t1:00000000:x")).isEqualTo(2);
    assertThat(err.toString()).startsWith("loginetl: Unknown option: '--masking'");

    err.getBuffer().setLength(0);
    if (System.getenv("LOGINETL_KEY_FILE") == null && System.getenv("LOGINETL_KEY") == null) {
      assertThat(execute("reveal", "--actor", "a", "--reason", "r", "t1:00000000:x")).isEqualTo(2);
      assertThat(err.toString()).contains("keys generate --masking tokenize").hasLineCount(1);
    }
  }

  @Test
  void aMalformedKeyExitsTwoWithoutQuotingIt(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("bad.key");
    Files.writeString(key, "s3cr3t-not-a-keyset");

    assertThat(execute("run", "--key-file", key.toString())).isEqualTo(2);
    assertThat(err.toString()).doesNotContain("s3cr3t").hasLineCount(1);
  }

  @Test
  void anUnreachableDatabaseExitsOneWithOneSentence(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("k.key");
    assertThat(execute("keys", "generate", "--out", key.toString())).isZero();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    int code = execute("run", "--key-file", key.toString(),
        "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres",
        "--queue-url", "http://127.0.0.1:" + closedPort + "/000000000000/login-queue");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("loginetl: ").contains("127.0.0.1:" + closedPort).hasLineCount(1);
  }

  @Test
  void keysAreWrittenToFilesAndNeverPrinted(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("t.key");

    assertThat(execute("keys", "generate", "--masking", "tokenize", "--out", key.toString())).isZero();

    String keyset = Files.readString(key);
    assertThat(keyset).contains("AesSivKey");
    assertThat(out.toString()).contains("tokenize").doesNotContain("\"value\"");
    assertThat(execute("keys", "generate", "--out", key.toString())).isEqualTo(2);
    assertThat(Files.readString(key)).isEqualTo(keyset);
  }
}
