package dev.loginetl.example;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.RetryableEtlException;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.MessageSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A {@link MessageSource} over a directory that holds one file per message, {@code <id>.json}, in
 * UTF-8 (bytes that are not UTF-8 are read as U+FFFD). {@link #submit} puts a message there; {@link
 * #acknowledge} deletes its file. So a message survives a crash of the process until its row or
 * rejection is committed, and is delivered again when the service starts next.
 *
 * <p>Delivery follows the port: a delivered message is hidden for the visibility timeout, then
 * delivered again with a higher receive count; only the latest delivery's acknowledgement deletes
 * the file. Which deliveries are hidden is kept in memory, so a new instance over the same directory
 * (after a restart) delivers every file at once, counting from 1 again. {@link #receive} waits up to
 * {@link #POLL_WAIT} when nothing is visible, looking again every {@value #RESCAN_MILLIS} ms.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use; one lock serialises the directory scans, which
 * suits the rates of an embedded service, not a backlog of millions of files. Only this instance may
 * delete files in the directory; other processes may drop files in it, written under another name
 * and renamed to {@code <id>.json}.
 *
 * <p><b>Errors:</b> a directory that is missing or not readable is an {@link EtlException}; other
 * I/O failures are {@link RetryableEtlException}s. Messages name the directory and ids, never a body.
 *
 * <p><b>Lifecycle:</b> {@link #close()} is idempotent, wakes a waiting {@link #receive} (which returns
 * empty) and leaves the files in place; any other call after it throws {@link EtlException}.
 */
public final class SpoolDirectory implements MessageSource {
  /** The longest {@link #receive} waits for a message to become visible. */
  public static final Duration POLL_WAIT = Duration.ofSeconds(1);
  static final long RESCAN_MILLIS = 100;
  private static final String SUFFIX = ".json";

  /** Which delivery of a message a handle stands for. */
  private record Handle(String messageId, long delivery) {}

  /** What this instance knows of a message it has delivered. */
  private static final class Delivery {
    int receiveCount;
    long current;
    long visibleAtNanos;
  }

  private final Path directory;
  private final Duration visibilityTimeout;
  private final Map<String, Delivery> delivered = new HashMap<>();
  private long nextDelivery;
  private boolean closed;

  /**
   * A source over {@code directory}, created if missing; files already there are delivered first
   * thing.
   *
   * @param visibilityTimeout how long a delivery stays hidden; positive
   * @throws EtlException when the directory cannot be created
   */
  public SpoolDirectory(Path directory, Duration visibilityTimeout) {
    this.directory = requireNonNull(directory, "directory");
    this.visibilityTimeout = requireNonNull(visibilityTimeout, "visibilityTimeout");
    if (visibilityTimeout.isNegative() || visibilityTimeout.isZero()) {
      throw new IllegalArgumentException("visibilityTimeout must be positive, was " + visibilityTimeout);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new EtlException("could not create the spool directory " + directory, e);
    }
  }

  /**
   * Puts a message in the spool: written to a hidden file, forced to disk, then renamed, so that a
   * receiver never sees half a message.
   *
   * @param body the message, never null; any text a UTF-8 file can hold
   * @return the new message's id
   * @throws IllegalArgumentException when {@code body} holds an unpaired surrogate, which UTF-8
   *     cannot encode
   */
  public String submit(String body) {
    ByteBuffer bytes;
    try {
      bytes = UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT).encode(CharBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the body is not valid Unicode text (an unpaired surrogate)", e);
    }
    String id = UUID.randomUUID().toString();
    Path temporary = directory.resolve("." + id + ".tmp");
    synchronized (this) {
      ensureOpen();
    }
    try {
      try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        while (bytes.hasRemaining()) {
          file.write(bytes);
        }
        file.force(true);
      }
      Files.move(temporary, directory.resolve(id + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw translate("write message " + id + " to", e);
    }
    synchronized (this) {
      notifyAll();
    }
    return id;
  }

  @Override
  public synchronized List<ReceivedMessage> receive(int maxMessages) {
    if (maxMessages < 1 || maxMessages > maxReceiveBatch()) {
      throw new IllegalArgumentException("maxMessages must be 1 to " + maxReceiveBatch() + ", was " + maxMessages);
    }
    long deadline = System.nanoTime() + POLL_WAIT.toNanos();
    while (true) {
      ensureOpen();
      List<ReceivedMessage> found = take(maxMessages);
      long left = deadline - System.nanoTime();
      if (!found.isEmpty() || left <= 0) {
        return found;
      }
      try {
        wait(Math.max(1, Math.min(RESCAN_MILLIS, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
      if (closed) {
        return List.of();
      }
    }
  }

  /** Delivers up to {@code maxMessages} visible files; holds the lock. */
  private List<ReceivedMessage> take(int maxMessages) {
    long now = System.nanoTime();
    List<ReceivedMessage> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - SUFFIX.length());
        Delivery delivery = delivered.get(id);
        if (id.isEmpty() || delivery != null && delivery.visibleAtNanos - now > 0) {
          continue;
        }
        String body;
        Instant sent;
        try {
          body = new String(Files.readAllBytes(file), UTF_8);
          sent = Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException gone) {
          delivered.remove(id);
          continue;
        }
        if (delivery == null) {
          delivery = new Delivery();
          delivered.put(id, delivery);
        }
        delivery.receiveCount++;
        delivery.current = nextDelivery++;
        delivery.visibleAtNanos = now + visibilityTimeout.toNanos();
        out.add(new ReceivedMessage(id, body, sent, delivery.receiveCount, new Handle(id, delivery.current)));
        if (out.size() == maxMessages) {
          break;
        }
      }
    } catch (IOException e) {
      throw translate("read", e);
    }
    return out;
  }

  @Override
  public synchronized void acknowledge(List<ReceivedMessage> messages) {
    ensureOpen();
    for (ReceivedMessage message : messages) {
      Handle handle = (Handle) message.handle();
      Delivery delivery = delivered.get(handle.messageId());
      if (delivery == null || delivery.current != handle.delivery()) {
        continue; // acknowledged already, or delivered again since: the newer delivery decides
      }
      try {
        Files.deleteIfExists(directory.resolve(handle.messageId() + SUFFIX));
      } catch (IOException e) {
        throw translate("delete message " + handle.messageId() + " from", e);
      }
      delivered.remove(handle.messageId());
    }
  }

  @Override
  public synchronized void extendVisibility(List<ReceivedMessage> messages) {
    ensureOpen();
    long visibleAt = System.nanoTime() + visibilityTimeout.toNanos();
    for (ReceivedMessage message : messages) {
      Handle handle = (Handle) message.handle();
      Delivery delivery = delivered.get(handle.messageId());
      if (delivery != null && delivery.current == handle.delivery()) {
        delivery.visibleAtNanos = visibleAt;
      }
    }
  }

  @Override
  public Duration visibilityTimeout() {
    return visibilityTimeout;
  }

  /** The ids of the messages in the spool, delivered or not: those not yet acknowledged. */
  public List<String> pendingIds() {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        ids.add(name.substring(0, name.length() - SUFFIX.length()));
      }
    } catch (IOException e) {
      throw translate("list", e);
    }
    return ids;
  }

  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  private void ensureOpen() {
    if (closed) {
      throw new EtlException("the spool directory " + directory + " is closed");
    }
  }

  private EtlException translate(String operation, IOException e) {
    String message = "could not " + operation + " the spool directory " + directory;
    return e instanceof NoSuchFileException || e instanceof AccessDeniedException
        ? new EtlException(message, e)
        : new RetryableEtlException(message, e);
  }
}
