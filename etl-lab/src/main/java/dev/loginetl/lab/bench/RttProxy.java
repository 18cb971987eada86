package dev.loginetl.lab.bench;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on a free loopback port that delays every byte by half a round-trip time in each
 * direction, so that one request and its response take one round trip longer than they would: the
 * benchmark's stand-in for the network between a runner and real SQS. User space only: no kernel
 * network delay, no loss, no bandwidth limit; order is kept per direction.
 *
 * <p>Each connection gets, per direction, a reader that stamps what it reads with the time it is
 * due and a writer that sends it when due. Many concurrent keep-alive connections are fine (four
 * threads each, named {@code loginetl-bench-rtt-*}, daemons). A half-close is passed on; a reset or
 * error on either side closes both.
 *
 * <p>Thread-safe. {@link #close()} stops accepting and closes every connection; idempotent.
 */
public final class RttProxy implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;
  private static final byte[] END = new byte[0];

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long halfRttNanos;
  private final Duration rtt;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  private RttProxy(ServerSocket server, InetSocketAddress target, Duration rtt) {
    this.server = server;
    this.target = target;
    this.rtt = rtt;
    this.halfRttNanos = rtt.toNanos() / 2;
    this.acceptor = new Thread(this::accept, "loginetl-bench-rtt-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  /**
   * Starts a proxy in front of {@code host:port}, listening on 127.0.0.1 on a free port.
   *
   * @param rtt the round-trip time added to each request and response; not negative
   * @throws UncheckedIOException when no port can be bound
   */
  public static RttProxy start(String host, int port, Duration rtt) {
    requireNonNull(host, "host");
    requireNonNull(rtt, "rtt");
    if (rtt.isNegative()) {
      throw new IllegalArgumentException("the round-trip time must not be negative, was " + rtt);
    }
    try {
      ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      RttProxy proxy = new RttProxy(server, new InetSocketAddress(host, port), rtt);
      proxy.acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the round-trip proxy: " + e.getMessage(), e);
    }
  }

  /** A proxy in front of an endpoint such as {@code http://127.0.0.1:9324}; the path is kept. */
  public static RttProxy inFrontOf(URI endpoint, Duration rtt) {
    int port = endpoint.getPort() >= 0 ? endpoint.getPort() : "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    return start(endpoint.getHost(), port, rtt);
  }

  /** {@code endpoint} with its host and port replaced by this proxy's. */
  public URI endpointFor(URI endpoint) {
    return URI.create(endpoint.getScheme() + "://127.0.0.1:" + port()
        + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath()));
  }

  /** The port the proxy listens on, on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /** The round-trip time it adds. */
  public Duration rtt() {
    return rtt;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      int id = connections.incrementAndGet();
      Socket upstream = new Socket();
      try {
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        upstream.connect(target);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      Link link = new Link(client, upstream);
      links.add(link);
      if (closed) {
        link.close();
        return;
      }
      link.start("loginetl-bench-rtt-" + port() + "-" + id);
    }
  }

  /** One proxied connection: two directions. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private final AtomicInteger open = new AtomicInteger(2);

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start(String name) {
      direction(client, upstream, name + "-up");
      direction(upstream, client, name + "-down");
    }

    private void direction(Socket from, Socket to, String name) {
      BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> read(from, chunks), name + "-read");
      Thread writer = new Thread(() -> write(chunks, to), name + "-write");
      reader.setDaemon(true);
      writer.setDaemon(true);
      reader.start();
      writer.start();
    }

    private void read(Socket from, BlockingQueue<Chunk> chunks) {
      byte[] buffer = new byte[BUFFER];
      try {
        InputStream in = from.getInputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          chunks.add(new Chunk(System.nanoTime() + halfRttNanos, Arrays.copyOf(buffer, n)));
        }
      } catch (IOException e) {
        // a reset, or this link closed: the writer passes the end on
      }
      chunks.add(new Chunk(System.nanoTime() + halfRttNanos, END));
    }

    private void write(BlockingQueue<Chunk> chunks, Socket to) {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk chunk = chunks.take();
          long wait;
          while ((wait = chunk.due() - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          if (chunk.bytes() == END) {
            to.shutdownOutput();
            break;
          }
          out.write(chunk.bytes());
          out.flush();
        }
      } catch (IOException e) {
        close(); // the other side is gone: so is this connection
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        return;
      }
      if (open.decrementAndGet() == 0) {
        close();
      }
    }

    void close() {
      closeQuietly(client);
      closeQuietly(upstream);
      links.remove(this);
    }
  }

  private record Chunk(long due, byte[] bytes) {}

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Stops accepting and closes every connection. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    for (Link link : links) {
      link.close();
    }
    try {
      acceptor.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RttProxy[127.0.0.1:" + port() + " -> " + target + ", rtt " + rtt.toMillis() + " ms]";
  }
}
