package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.pii.mask.TokenizingMasker;
import dev.loginetl.pii.mask.UnrevealableMaskException;
import dev.loginetl.postgres.MaskedLogins;
import dev.loginetl.postgres.MaskedLogins.MaskedLogin;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.RevealAudit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code reveal}: tokens back to the values they mask, audited. Every value is revealed in memory
 * first, then one row of {@code pii_reveal_audit} is committed, and only then are the values
 * printed: if the audit cannot be written, nothing is shown. Tokens given as arguments or on
 * standard input are all-or-nothing: one that cannot be revealed stops the command before the
 * audit. Values go to standard output only; messages never hold a token or a value.
 */
@Command(name = "reveal", mixinStandardHelpOptions = true,
    description = {
        "Prints the values that tokens (masks of the tokenize strategy) were made from, after recording who, why "
            + "and how many in the table pii_reveal_audit. HMAC masks (h1:...) are one-way and cannot be revealed.",
        "Tokens come from the arguments, else from standard input (one per line); with --from-table, from the "
            + "masked columns of user_logins, printed as user_id, field and value, tab-separated."})
public final class RevealCommand implements Callable<Integer> {
  private static final int DEFAULT_LIMIT = 100;
  /** The fields of the masked columns, in the order a token of unknown field is tried. */
  private static final List<PiiField> REVEALABLE = List.of(PiiField.IP, PiiField.DEVICE_ID, PiiField.IP_NETWORK);

  @Spec CommandSpec spec;
  @Mixin KeyFileOptions keys;
  @Mixin DatabaseOptions database;
  @Mixin LoggingOptions logging;

  @Option(names = "--actor", required = true, paramLabel = "NAME",
      description = "Who reveals, as recorded in the audit.")
  String actor;

  @Option(names = "--reason", required = true, paramLabel = "TEXT",
      description = "Why, such as a ticket number, as recorded in the audit.")
  String reason;

  @Option(names = "--field", paramLabel = "ip|device_id|ip_network", converter = FieldConverter.class,
      description = "The field the tokens mask: ip, device_id, or ip_network (masked_ip_net, revealed as a network "
          + "such as 203.0.113.0/24). By default each token is tried as ip, then as device_id, then as ip_network; "
          + "with --from-table, all three columns are revealed.")
  PiiField field;

  @Option(names = "--from-table", description = "Reveal the masked columns of rows of user_logins instead.")
  boolean fromTable;

  @Option(names = "--where-user-id", paramLabel = "ID", description = "With --from-table: only this user's rows.")
  String userId;

  @Option(names = "--limit", paramLabel = "N",
      description = "With --from-table: at most N rows (default " + DEFAULT_LIMIT + ", at most "
          + MaskedLogins.MAX_LIMIT + ").")
  Integer limit;

  @Parameters(arity = "0..*", paramLabel = "TOKEN", description = "Tokens to reveal; none: read standard input.")
  List<String> tokens = new ArrayList<>();

  @Override
  public Integer call() {
    logging.apply();
    checkOptions();
    TokenizingMasker revealer = Maskers.revealer(keys.keyset(keys.masterKey(), "tokenize"));
    PostgresConfig config = database.config(1);
    return fromTable ? revealTable(revealer, config) : revealTokens(revealer, config);
  }

  private void checkOptions() {
    if (actor.isBlank()) {
      throw new ConfigurationException("--actor is blank: name who reveals, for the audit");
    }
    if (reason.isBlank()) {
      throw new ConfigurationException("--reason is blank: say why the values are revealed, for the audit");
    }
    if (fromTable && !tokens.isEmpty()) {
      throw new ConfigurationException("give tokens or --from-table, not both");
    }
    if (!fromTable && (userId != null || limit != null)) {
      throw new ConfigurationException("--where-user-id and --limit select rows of user_logins: add --from-table");
    }
    if (limit != null && (limit < 1 || limit > MaskedLogins.MAX_LIMIT)) {
      throw new ConfigurationException(
          "--limit is " + limit + ": it must be between 1 and " + MaskedLogins.MAX_LIMIT);
    }
  }

  private int revealTokens(TokenizingMasker revealer, PostgresConfig config) {
    boolean fromStdin = tokens.isEmpty();
    List<String> masks = fromStdin ? readStandardInput() : tokens;
    if (masks.isEmpty()) {
      throw new ConfigurationException(
          "no tokens to reveal: give them as arguments, one per line on standard input, or use --from-table");
    }
    List<String> values = new ArrayList<>(masks.size());
    for (int i = 0; i < masks.size(); i++) {
      values.add(revealOrRefuse(revealer, masks.get(i), i + 1));
    }
    RevealAudit.record(config, actor, reason, values.size(),
        fromStdin ? RevealAudit.FROM_STDIN : RevealAudit.FROM_ARGUMENTS);
    PrintWriter out = spec.commandLine().getOut();
    values.forEach(out::println);
    out.flush();
    return 0;
  }

  private int revealTable(TokenizingMasker revealer, PostgresConfig config) {
    List<MaskedLogin> rows = MaskedLogins.select(config, userId, limit == null ? DEFAULT_LIMIT : limit);
    List<String> lines = new ArrayList<>();
    Map<UnrevealableMaskException.Reason, Integer> left = new EnumMap<>(UnrevealableMaskException.Reason.class);
    for (MaskedLogin row : rows) {
      String user = row.userId() == null ? "" : row.userId();
      for (PiiField column : REVEALABLE) {
        String mask = column == PiiField.IP ? row.maskedIp()
            : column == PiiField.DEVICE_ID ? row.maskedDeviceId()
            : row.maskedIpNet();
        if (mask == null || (field != null && field != column)) {
          continue;
        }
        try {
          lines.add(user + "\t" + column.jsonName() + "\t" + revealer.reveal(column, mask));
        } catch (UnrevealableMaskException e) {
          left.merge(e.reason(), 1, Integer::sum);
        }
      }
    }
    RevealAudit.record(config, actor, reason, lines.size(), RevealAudit.FROM_USER_LOGINS);
    PrintWriter out = spec.commandLine().getOut();
    lines.forEach(out::println);
    out.flush();
    if (!left.isEmpty()) {
      spec.commandLine().getErr().println("loginetl: left " + left.values().stream().mapToInt(Integer::intValue).sum()
          + " mask(s) unrevealed: " + describe(left));
    }
    return 0;
  }

  /** The value of the {@code position}th token; a token that cannot be revealed stops everything. */
  private String revealOrRefuse(TokenizingMasker revealer, String token, int position) {
    try {
      if (field != null) {
        return revealer.reveal(field, token);
      }
      UnrevealableMaskException last = null;
      for (PiiField candidate : REVEALABLE) {
        try {
          return revealer.reveal(candidate, token);
        } catch (UnrevealableMaskException e) {
          if (e.reason() != UnrevealableMaskException.Reason.NOT_DECRYPTABLE) {
            throw e;
          }
          last = e;
        }
      }
      throw last;
    } catch (UnrevealableMaskException e) {
      if (e.reason() == UnrevealableMaskException.Reason.ONE_WAY) {
        throw new ConfigurationException("token " + position + " is an HMAC mask (h1:...): HMAC masks are one-way"
            + " and cannot be reversed by any key, so nothing was revealed");
      }
      throw new ConfigurationException("token " + position + " cannot be revealed, so nothing was: "
          + e.getMessage());
    }
  }

  private static List<String> readStandardInput() {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      return in.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    } catch (UncheckedIOException e) {
      throw new ConfigurationException("standard input cannot be read: " + e.getCause().getMessage(), e);
    }
  }

  private static String describe(Map<UnrevealableMaskException.Reason, Integer> left) {
    return left.entrySet().stream()
        .map(e -> e.getValue() + " " + switch (e.getKey()) {
          case ONE_WAY -> "HMAC (one-way, cannot be reversed)";
          case UNKNOWN_KEY -> "made with a key not in the keyset";
          case MALFORMED -> "malformed";
          case NOT_DECRYPTABLE -> "altered or of another field";
        })
        .collect(Collectors.joining(", "));
  }

  static final class FieldConverter implements ITypeConverter<PiiField> {
    @Override
    public PiiField convert(String value) {
      String name = value.trim().toLowerCase(Locale.ROOT);
      for (PiiField candidate : REVEALABLE) {
        if (candidate.jsonName().equals(name)) {
          return candidate;
        }
      }
      throw new TypeConversionException("the field must be ip, device_id or ip_network");
    }
  }
}
