package io.eventkit.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy on its own, in front of a loopback echo server: no nodes involved. */
class FaultProxyTest {
  private ServerSocket echo;
  private FaultProxy proxy;
  private InetSocketAddress front;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  new Thread(() -> pipe(s)).start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    front = new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next());
    proxy =
        new FaultProxy(
            List.of(
                new FaultProxy.Route(
                    front,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()))));
  }

  private static void pipe(Socket s) {
    try (s) {
      s.getInputStream().transferTo(s.getOutputStream());
    } catch (IOException ignored) {
      // client gone
    }
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(front, 2_000);
    s.setSoTimeout(2_000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[text.length()];
    int n = 0;
    while (n < buf.length) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        throw new IOException("closed after " + n + " bytes");
      }
      n += r;
    }
    return new String(buf, java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void passesDelaysBlackholesAndCuts() throws Exception {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "hello")).isEqualTo("hello");

      proxy.delay(Duration.ofMillis(150));
      long t0 = System.nanoTime();
      assertThat(roundTrip(s, "slow")).isEqualTo("slow");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(290));

      proxy.blackhole();
      s.setSoTimeout(500);
      assertThatThrownBy(() -> roundTrip(s, "lost")).isInstanceOf(SocketTimeoutException.class);
      try (Socket fresh = connect()) {
        fresh.setSoTimeout(500);
        assertThatThrownBy(() -> roundTrip(fresh, "lost too"))
            .isInstanceOf(SocketTimeoutException.class);
      }

      proxy.pass();
      // The blackholed connection lost bytes: heal cut it; new ones pass.
      assertThatThrownBy(() -> roundTrip(s, "x")).isInstanceOf(IOException.class);
    }
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "again")).isEqualTo("again");
      proxy.cutConnections();
      assertThatThrownBy(() -> roundTrip(s, "cut")).isInstanceOf(IOException.class);
    }
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "after cut")).isEqualTo("after cut");
    }
  }
}
