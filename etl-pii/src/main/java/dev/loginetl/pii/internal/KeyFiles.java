package dev.loginetl.pii.internal;

import dev.loginetl.pii.PiiConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads and writes key files: bounded reads with one-sentence errors, writes that are owner-only
 * and never leave a half-written key in place.
 */
public final class KeyFiles {
  /** Larger files are refused: a keyset of hundreds of keys is a few tens of KiB. */
  public static final long MAX_BYTES = 1L << 20;

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyFiles() {}

  /**
   * The content of {@code file} as text.
   *
   * @param what how the message names the file, e.g. {@code "key file"}
   * @param howToCreate the end of the sentence when the file is missing, e.g. {@code "create one
   *     with `loginetl keys generate`"}
   * @throws PiiConfigException when it cannot be read, is too large or is not UTF-8 text
   */
  public static String read(Path file, String what, String howToCreate) {
    String named = "The " + what + " " + file;
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new PiiConfigException(named + " is a directory: give the path of the file itself.");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new PiiConfigException(
            named + " is larger than 1 MiB, so it is not a key file: check the path.");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PiiConfigException(named + " does not exist: check the path, or " + howToCreate + ".");
    } catch (AccessDeniedException e) {
      throw new PiiConfigException(
          named + " cannot be read (permission denied): run as its owner, or fix its permissions.");
    } catch (IOException e) {
      throw new PiiConfigException(
          named + " could not be read (" + e.getClass().getSimpleName()
              + "): check the path and its permissions.",
          e);
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      // Some Windows editors start UTF-8 files with a byte order mark, which JSON parsers refuse.
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new PiiConfigException(
          named + " is not text, so it is not a Tink keyset in JSON: check the path.");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Creates {@code file} holding {@code content}, readable and writable by its owner only.
   *
   * @throws PiiConfigException when the file exists (a key is never overwritten by accident) or
   *     cannot be written
   */
  public static void writeNew(Path file, String content, String what) {
    String named = "The " + what + " " + file;
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    boolean created = false;
    try {
      try (FileChannel channel =
          open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        created = true;
        writeFully(channel, bytes);
        channel.force(true);
      }
      syncDirectory(file);
    } catch (FileAlreadyExistsException e) {
      throw new PiiConfigException(
          named + " already exists: it is never overwritten, so rotate it instead, or choose another path.");
    } catch (IOException e) {
      if (created) {
        deleteQuietly(file);
      }
      throw writeFailed(named, e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Replaces {@code file} by one holding {@code content} in one atomic rename, so that a crash
   * leaves either the old key or the new one. The new file is readable and writable by its owner
   * only.
   *
   * @throws PiiConfigException when it cannot be written
   */
  public static void replace(Path file, String content, String what) {
    String named = "The " + what + " " + file;
    Path absolute = file.toAbsolutePath();
    Path temp =
        absolute.resolveSibling(
            "." + absolute.getFileName() + ".tmp-" + HexFormat.of().toHexDigits(RANDOM.nextInt()));
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try {
      try (FileChannel channel = open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(channel, bytes);
        channel.force(true);
      }
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(absolute);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw writeFailed(named, e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static FileChannel open(Path file, OpenOption... options) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      FileAttribute<?> ownerOnly =
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
      return FileChannel.open(file, java.util.Set.of(options), ownerOnly);
    }
    return FileChannel.open(file, options);
  }

  private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Makes the new directory entry durable; not every platform can open a directory, hence best effort. */
  private static void syncDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Durability of the rename is then up to the file system; the content itself was forced.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Nothing more can be done; the caller reports the original failure.
    }
  }

  private static PiiConfigException writeFailed(String named, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new PiiConfigException(
          named + " cannot be written because its directory does not exist: create the directory first.", e);
    }
    if (e instanceof AccessDeniedException) {
      return new PiiConfigException(
          named + " cannot be written (permission denied): choose a directory you can write to.", e);
    }
    return new PiiConfigException(
        named + " could not be written (" + e.getClass().getSimpleName()
            + "): check the path, the free space and the permissions.",
        e);
  }
}
