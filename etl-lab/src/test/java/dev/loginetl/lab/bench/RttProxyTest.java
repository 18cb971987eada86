package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delaying proxy passes bytes on unchanged and in order; its timings belong to the bench. */
class RttProxyTest {
  private ServerSocket echo;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void startEchoServer() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(() -> {
      while (!echo.isClosed()) {
        Socket socket = echo.accept();
        threads.submit(() -> {
          try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
          }
          return null;
        });
      }
      return null;
    });
  }

  @AfterEach
  void stop() throws IOException {
    echo.close();
    threads.shutdownNow();
  }

  @Test
  void passesARequestAndItsResponseOnUnchanged() throws Exception {
    try (RttProxy proxy = RttProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ofMillis(20))) {
      byte[] sent = randomBytes(1, 300_000);
      assertThat(roundTrip(proxy.port(), sent)).isEqualTo(sent);
      assertThat(proxy.connections()).isEqualTo(1);
    }
  }

  @Test
  void keepsManyConcurrentConnectionsApart() throws Exception {
    try (RttProxy proxy = RttProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ofMillis(10))) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        byte[] sent = randomBytes(i, 5_000 + i * 1_000);
        results.add(threads.submit(() -> java.util.Arrays.equals(roundTrip(proxy.port(), sent), sent)));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
      assertThat(proxy.connections()).isEqualTo(40);
    }
  }

  @Test
  void closingTwiceIsHarmlessAndRefusesNewConnections() throws Exception {
    RttProxy proxy = RttProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ZERO);
    int port = proxy.port();
    proxy.close();
    proxy.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> roundTrip(port, new byte[] {1}))
        .isInstanceOf(IOException.class);
  }

  /** Sends {@code bytes}, half-closes, and reads back everything until the end. */
  private static byte[] roundTrip(int port, byte[] bytes) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write(bytes);
      socket.shutdownOutput();
      byte[] back = new byte[bytes.length];
      new DataInputStream(socket.getInputStream()).readFully(back);
      assertThat(socket.getInputStream().read()).as("nothing after the echo").isEqualTo(-1);
      return back;
    }
  }

  private static byte[] randomBytes(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
