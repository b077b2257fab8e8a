package io.eventkit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay that injects latency: bytes from the client are forwarded to the target {@link
 * #delayMillis} after they arrived (in order, so pipelined requests each see the same added delay);
 * the reply direction is not delayed. Used to make a real partner node slow as seen from its
 * partners (a slow network or an overloaded partner), without touching the node. TLS passes through
 * untouched.
 */
final class DelayProxy implements AutoCloseable {
  volatile long delayMillis;
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  DelayProxy(String bindHost, int port, InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), port));
    Thread t = new Thread(this::accept, "delay-proxy-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket in = server.accept();
        Socket out = new Socket();
        out.connect(target, 2_000);
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
        sockets.add(in);
        sockets.add(out);
        pump(in, out, true);
        pump(out, in, false);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean delayed) {
    if (!delayed) {
      daemon(() -> copy(from, to), "delay-proxy-reply");
      return;
    }
    // Reader stamps each chunk with its arrival time; writer releases it at arrival + delay.
    java.util.concurrent.LinkedBlockingQueue<Object[]> queue =
        new java.util.concurrent.LinkedBlockingQueue<>();
    daemon(
        () -> {
          byte[] buf = new byte[64 * 1024];
          try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
              queue.add(new Object[] {System.nanoTime(), java.util.Arrays.copyOf(buf, n)});
            }
          } catch (IOException e) {
            // closed
          } finally {
            queue.add(new Object[] {0L, null});
          }
        },
        "delay-proxy-read");
    daemon(
        () -> {
          try (OutputStream out = to.getOutputStream()) {
            while (true) {
              Object[] chunk = queue.take();
              if (chunk[1] == null) {
                break;
              }
              long due = (Long) chunk[0] + delayMillis * 1_000_000L;
              long wait;
              while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
              }
              out.write((byte[]) chunk[1]);
              out.flush();
            }
          } catch (IOException | InterruptedException e) {
            // closed
          } finally {
            closeQuietly(from);
            closeQuietly(to);
          }
        },
        "delay-proxy-write");
  }

  private static void copy(Socket from, Socket to) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // ignore
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // ignore
    }
    sockets.forEach(DelayProxy::closeQuietly);
  }
}
