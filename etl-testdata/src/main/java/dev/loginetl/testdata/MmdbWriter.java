package dev.loginetl.testdata;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (the MMDB format, version 2.0) for tests and the demo: an IPv6 search
 * tree with 32-bit records, IPv4 networks under {@code ::/96}, records of strings, unsigned integers,
 * maps and lists. MaxMind publishes writers for Go and Perl but none for Java, and a test must make
 * its own databases with nothing but a JDK; the files it writes are read by MaxMind's own reader in
 * the tests that use them, which is what checks this writer.
 *
 * <p>Networks are inserted in order; a wider network must come before the narrower ones inside it
 * (a later, wider one replaces what it covers). Not thread-safe; a builder.
 */
public final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
      'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

  private final String databaseType;
  private final String description;
  private final Node root = new Node();
  private final List<Map<String, Object>> records = new ArrayList<>();

  private MmdbWriter(String databaseType, String description) {
    this.databaseType = requireNonNull(databaseType, "databaseType");
    this.description = requireNonNull(description, "description");
  }

  /**
   * A writer of a database of {@code databaseType} (what readers check: {@code GeoLite2-Country},
   * {@code GeoLite2-ASN}, {@code country ipvAll}), described in English by {@code description}.
   */
  public static MmdbWriter create(String databaseType, String description) {
    return new MmdbWriter(databaseType, description);
  }

  /**
   * Maps every address of {@code cidr} ({@code 203.0.113.0/24}, {@code 2001:db8::/32}) to {@code
   * record}, whose values are {@link String}s, non-negative {@link Integer}s or {@link Long}s
   * (unsigned 32-bit, or 64-bit above that), {@link Map}s with string keys, and {@link List}s.
   */
  public MmdbWriter network(String cidr, Map<String, Object> record) {
    int slash = cidr.indexOf('/');
    InetAddress address = parse(cidr.substring(0, slash));
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    byte[] bits = new byte[16];
    if (address instanceof Inet4Address) {
      System.arraycopy(address.getAddress(), 0, bits, 12, 4);
      prefix += 96;
    } else {
      bits = address.getAddress();
    }
    records.add(Map.copyOf(record));
    Integer data = records.size() - 1;
    Node node = root;
    for (int depth = 0; depth < prefix - 1; depth++) {
      int bit = bit(bits, depth);
      if (!(node.children[bit] instanceof Node)) {
        Node child = new Node();
        // A narrower network inside a wider one keeps the wider one's record around it.
        child.children[0] = node.children[bit];
        child.children[1] = node.children[bit];
        node.children[bit] = child;
      }
      node = (Node) node.children[bit];
    }
    node.children[bit(bits, prefix - 1)] = data;
    return this;
  }

  /** The database as bytes. */
  public byte[] bytes() {
    List<Node> nodes = new ArrayList<>();
    Map<Node, Integer> ids = new IdentityHashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      Node node = queue.removeFirst();
      ids.put(node, nodes.size());
      nodes.add(node);
      for (Object child : node.children) {
        if (child instanceof Node next) {
          queue.addLast(next);
        }
      }
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    long[] offsets = new long[records.size()];
    for (int i = 0; i < records.size(); i++) {
      offsets[i] = data.size();
      encode(records.get(i), data);
    }
    long nodeCount = nodes.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : nodes) {
      for (Object child : node.children) {
        long record = child instanceof Node next ? ids.get(next)
            : child instanceof Integer index ? nodeCount + 16 + offsets[index]
            : nodeCount;
        writeUnsigned(out, record, 4);
      }
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", new Unsigned(nodeCount, 6));
    metadata.put("record_size", new Unsigned(32, 5));
    metadata.put("ip_version", new Unsigned(6, 5));
    metadata.put("database_type", databaseType);
    metadata.put("languages", List.of("en"));
    metadata.put("binary_format_major_version", new Unsigned(2, 5));
    metadata.put("binary_format_minor_version", new Unsigned(0, 5));
    metadata.put("build_epoch", new Unsigned(1_780_000_000L, 9));
    metadata.put("description", Map.of("en", description));
    encode(metadata, out);
    return out.toByteArray();
  }

  /** Writes the database to {@code file} through a file beside it renamed over it, as geoipupdate does. */
  public Path write(Path file) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.write(next, bytes());
    return Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** An unsigned integer of an explicit type: 5 uint16, 6 uint32, 9 uint64. */
  private record Unsigned(long value, int type) {}

  private static final class Node {
    final Object[] children = new Object[2];
  }

  private static int bit(byte[] bits, int index) {
    return (bits[index / 8] >>> (7 - index % 8)) & 1;
  }

  private static InetAddress parse(String literal) {
    try {
      // Only literals reach here, so nothing is resolved.
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + literal, e);
    }
  }

  private static void encode(Object value, ByteArrayOutputStream out) {
    if (value instanceof String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      control(out, 2, utf8.length);
      out.writeBytes(utf8);
    } else if (value instanceof Unsigned unsigned) {
      unsigned(out, unsigned.value(), unsigned.type());
    } else if (value instanceof Integer || value instanceof Long) {
      long number = ((Number) value).longValue();
      if (number < 0) {
        throw new IllegalArgumentException("only unsigned integers: " + number);
      }
      unsigned(out, number, number <= 0xFFFF_FFFFL ? 6 : 9);
    } else if (value instanceof Map<?, ?> map) {
      control(out, 7, map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        encode((String) entry.getKey(), out);
        encode(entry.getValue(), out);
      }
    } else if (value instanceof List<?> list) {
      control(out, 11, list.size());
      for (Object element : list) {
        encode(element, out);
      }
    } else {
      throw new IllegalArgumentException("no MMDB encoding here for " + value.getClass().getSimpleName());
    }
  }

  private static void unsigned(ByteArrayOutputStream out, long value, int type) {
    int size = 0;
    for (long rest = value; rest != 0; rest >>>= 8) {
      size++;
    }
    control(out, type, size);
    writeUnsigned(out, value, size);
  }

  /** A control byte (with the extended-type byte for types above 7) and the size's extra bytes. */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    int first = type <= 7 ? type << 5 : 0;
    int sizeBits;
    byte[] extra;
    if (size < 29) {
      sizeBits = size;
      extra = new byte[0];
    } else if (size < 285) {
      sizeBits = 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 65_821) {
      sizeBits = 30;
      extra = new byte[] {(byte) ((size - 285) >>> 8), (byte) (size - 285)};
    } else {
      sizeBits = 31;
      int rest = size - 65_821;
      extra = new byte[] {(byte) (rest >>> 16), (byte) (rest >>> 8), (byte) rest};
    }
    out.write(first | sizeBits);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }

  private static void writeUnsigned(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }
}
