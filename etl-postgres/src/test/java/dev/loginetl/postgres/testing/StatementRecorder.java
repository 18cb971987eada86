package dev.loginetl.postgres.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a PostgreSQL server (or a pooler) that reads the frontend protocol the
 * clients send and records the text of every statement: simple queries ({@code Q}) and statements
 * prepared by the extended protocol ({@code P}). This is what a proxy that pins sessions by
 * statement text (RDS Proxy) sees. Clients must not use TLS through it (PgBouncer without a
 * certificate answers a TLS request with "no", which the relay passes on).
 *
 * <p>{@link #close()} stops accepting and closes every relayed connection; idempotent.
 */
public final class StatementRecorder implements AutoCloseable {
  private static final int SSL_REQUEST = 80877103;
  private static final int GSS_ENCRYPTION_REQUEST = 80877104;

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<String> statements = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private StatementRecorder(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts relaying a free loopback port to {@code targetHost:targetPort}. */
  public static StatementRecorder start(String targetHost, int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    StatementRecorder recorder = new StatementRecorder(server, targetHost, targetPort);
    Thread accepter = new Thread(recorder::accept, "statement-recorder");
    accepter.setDaemon(true);
    accepter.start();
    return recorder;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Every statement text clients sent so far, in the order each connection sent them. */
  public List<String> statements() {
    return List.copyOf(statements);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(target);
        daemon(() -> readFrontend(client, target));
        daemon(() -> copy(target, client));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private static void daemon(Runnable work) {
    Thread thread = new Thread(work, "statement-recorder-relay");
    thread.setDaemon(true);
    thread.start();
  }

  /** Relays the client's messages to the target, recording statement texts on the way. */
  private void readFrontend(Socket client, Socket target) {
    try (DataInputStream in = new DataInputStream(client.getInputStream())) {
      OutputStream out = target.getOutputStream();
      // Untyped messages first: any TLS or GSS encryption request, then the startup message.
      while (true) {
        byte[] untyped = readBody(in, in.readInt());
        forward(out, null, untyped);
        int code = untyped.length >= 4 ? ((untyped[0] & 0xff) << 24) | ((untyped[1] & 0xff) << 16)
            | ((untyped[2] & 0xff) << 8) | (untyped[3] & 0xff) : 0;
        if (code != SSL_REQUEST && code != GSS_ENCRYPTION_REQUEST) {
          break;
        }
      }
      while (true) {
        int type = in.read();
        if (type < 0) {
          break;
        }
        byte[] body = readBody(in, in.readInt());
        if (type == 'Q') {
          statements.add(cString(body, 0));
        } else if (type == 'P') {
          int nameEnd = indexOfZero(body, 0);
          statements.add(cString(body, nameEnd + 1));
        }
        forward(out, (byte) type, body);
      }
    } catch (IOException e) {
      // a side closed
    } finally {
      closeQuietly(client);
      closeQuietly(target);
    }
  }

  private static byte[] readBody(DataInputStream in, int length) throws IOException {
    if (length < 4) {
      throw new EOFException("bad message length " + length);
    }
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return body;
  }

  private static void forward(OutputStream out, Byte type, byte[] body) throws IOException {
    byte[] message = new byte[(type == null ? 0 : 1) + 4 + body.length];
    int at = 0;
    if (type != null) {
      message[at++] = type;
    }
    int length = body.length + 4;
    message[at++] = (byte) (length >>> 24);
    message[at++] = (byte) (length >>> 16);
    message[at++] = (byte) (length >>> 8);
    message[at++] = (byte) length;
    System.arraycopy(body, 0, message, at, body.length);
    out.write(message);
    out.flush();
  }

  private static int indexOfZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return bytes.length;
  }

  private static String cString(byte[] bytes, int from) {
    return new String(bytes, from, indexOfZero(bytes, from) - from, StandardCharsets.UTF_8);
  }

  private static void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // a side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    for (Socket socket : new ArrayList<>(sockets)) {
      closeQuietly(socket);
    }
  }
}
