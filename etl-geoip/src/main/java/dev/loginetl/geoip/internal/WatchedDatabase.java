package dev.loginetl.geoip.internal;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MMDB file, held in memory and reopened when the file is replaced.
 *
 * <p>The whole file is read into the heap ({@link Reader.FileMode#MEMORY}), not mapped: a file
 * rewritten in place while mapped would change under lookups; a copy does not. Lookups read the
 * current {@link Reader} from an {@link AtomicReference} and never wait: {@link #recheck}, called
 * from one background thread, opens a replaced file beside the current one and swaps it in only
 * once it opened and is of the right type. A file that cannot be opened then (half written, wrong
 * type) is logged and the current one stays in use until the file changes again. The replaced
 * reader is not closed: a lookup may still be reading it, and its memory is freed with it.
 *
 * <p>Thread-safe: {@link #reader} from any thread, {@link #recheck} from one.
 */
public final class WatchedDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedDatabase.class);

  private final Path file;
  private final DatabaseKind kind;
  private final AtomicReference<Reader> current = new AtomicReference<>();
  private volatile Stamp loaded;
  private Stamp refused;
  private volatile int reloads;

  private WatchedDatabase(Path file, DatabaseKind kind) {
    this.file = file;
    this.kind = kind;
  }

  /**
   * Opens {@code file} as a database of {@code kind}.
   *
   * @throws IOException when it cannot be read or is not an MMDB file
   * @throws WrongTypeException when its type does not serve {@code kind}
   */
  public static WatchedDatabase open(Path file, DatabaseKind kind) throws IOException {
    WatchedDatabase database = new WatchedDatabase(file, kind);
    Stamp stamp = Stamp.of(file);
    database.current.set(database.read());
    database.loaded = stamp;
    return database;
  }

  /** The reader of the file as last opened. */
  public Reader reader() {
    return current.get();
  }

  /** The database's type, from its metadata. */
  public String type() {
    return current.get().getMetadata().getDatabaseType();
  }

  /** How many times a replaced file was opened and swapped in. */
  public int reloads() {
    return reloads;
  }

  /**
   * Reopens the file when its modification time, size or identity changed since it was opened.
   * Never throws: a file that cannot be opened is logged and the current reader kept.
   */
  public void recheck() {
    Stamp now;
    try {
      now = Stamp.of(file);
    } catch (IOException e) {
      if (!Objects.equals(refused, Stamp.MISSING)) {
        LOG.warn("the {} database {} cannot be read now ({}); still using the one opened before",
            kind.label(), file, e.getClass().getSimpleName());
        refused = Stamp.MISSING;
      }
      return;
    }
    if (now.equals(loaded) || now.equals(refused)) {
      return;
    }
    try {
      Reader next = read();
      current.set(next);
      loaded = now;
      refused = null;
      reloads++;
      LOG.info("reopened the {} database {}: type {}, built {}", kind.label(), file,
          next.getMetadata().getDatabaseType(), next.getMetadata().getBuildDate().toInstant());
    } catch (IOException | RuntimeException e) {
      refused = now;
      LOG.warn("the {} database {} was replaced by a file that cannot be used ({}); still using the one opened"
          + " before until the file changes again", kind.label(), file, e.getMessage());
    }
  }

  private Reader read() throws IOException {
    Reader reader = new Reader(file.toFile(), Reader.FileMode.MEMORY, new CHMCache());
    String type = reader.getMetadata().getDatabaseType();
    if (!kind.serves(type)) {
      throw new WrongTypeException(type);
    }
    return reader;
  }

  /** A database whose metadata names a type that does not serve the kind it was given for. */
  public static final class WrongTypeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String type;

    WrongTypeException(String type) {
      super("its type is " + type);
      this.type = type;
    }

    /** The type its metadata names. */
    public String type() {
      return type;
    }
  }

  /** What tells one version of a file from the next. */
  private record Stamp(FileTime modified, long size, Object key) {
    static final Stamp MISSING = new Stamp(FileTime.fromMillis(0), -1, null);

    static Stamp of(Path file) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }
  }
}
