package io.eventkit.conformance.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting TCP proxy: listens on one or more addresses, forwards each accepted connection
 * to its upstream, and applies the current {@link NetworkFaults} mode to every byte. It never looks
 * into the stream (TLS passes through untouched). Plain blocking sockets, two threads per open
 * connection: meshes in this suite hold tens of connections, not thousands.
 */
public final class FaultProxy implements NetworkFaults, AutoCloseable {
  /** One listening address and where its connections go. */
  public record Route(InetSocketAddress listen, InetSocketAddress upstream) {}

  private enum Mode {
    PASS,
    DELAY,
    BLACKHOLE
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final List<ServerSocket> listeners = new ArrayList<>();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fault-proxy-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
  private volatile Mode mode = Mode.PASS;

  /** Hosts tried in order for a new connection instead of the route's own (a load balancer). */
  private volatile List<String> upstreamHosts = List.of();

  private volatile Duration delay = Duration.ZERO;
  private volatile boolean closed;

  public FaultProxy(List<Route> routes) {
    try {
      for (Route route : routes) {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(route.listen(), 128);
        listeners.add(s);
        threads.execute(() -> acceptLoop(s, route.upstream()));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("fault proxy cannot listen on " + routes, e);
    }
  }

  @Override
  public void pass() {
    Mode was = mode;
    mode = Mode.PASS;
    if (was == Mode.BLACKHOLE) {
      // Their streams lost bytes: no TLS session survives that, so end them cleanly.
      for (Link l : links) {
        if (l.lostBytes) {
          l.close();
        }
      }
    }
  }

  @Override
  public void delay(Duration d) {
    delay = d;
    mode = Mode.DELAY;
  }

  /**
   * Sends new connections to the first of {@code hosts} that accepts, on the route's own port, the
   * way a load balancer in front of replicas does (connections already open stay where they are).
   * No hosts: each route's own upstream again.
   */
  public void upstreams(List<String> hosts) {
    upstreamHosts = List.copyOf(hosts);
  }

  @Override
  public void blackhole() {
    mode = Mode.BLACKHOLE;
  }

  @Override
  public void cutConnections() {
    for (Link l : links) {
      l.close();
    }
  }

  /** Connections open right now (for tests of the proxy itself and for reports). */
  public int openConnections() {
    return links.size();
  }

  @Override
  public void close() {
    closed = true;
    for (ServerSocket s : listeners) {
      closeQuietly(s);
    }
    cutConnections();
    threads.shutdownNow();
  }

  /** The first of the upstream hosts (or the route's own upstream) that accepts; null if none. */
  private Socket connectUpstream(InetSocketAddress upstream) {
    List<InetSocketAddress> candidates = new ArrayList<>();
    for (String host : upstreamHosts) {
      candidates.add(new InetSocketAddress(host, upstream.getPort()));
    }
    if (candidates.isEmpty()) {
      candidates.add(upstream);
    }
    for (InetSocketAddress candidate : candidates) {
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(candidate, 2_000);
        return s;
      } catch (IOException e) {
        closeQuietly(s);
      }
    }
    return null;
  }

  private void acceptLoop(ServerSocket server, InetSocketAddress upstream) {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      threads.execute(() -> open(client, upstream));
    }
  }

  private void open(Socket client, InetSocketAddress upstream) {
    Socket server = connectUpstream(upstream);
    if (server == null) {
      // Upstream down (node stopped): the caller sees its connection closed, as with a reset.
      closeQuietly(client);
      return;
    }
    try {
      client.setTcpNoDelay(true);
    } catch (SocketException e) {
      closeQuietly(client);
      closeQuietly(server);
      return;
    }
    Link link = new Link(client, server);
    links.add(link);
    if (closed) {
      link.close();
      return;
    }
    threads.execute(() -> pump(link, client, server));
    threads.execute(() -> pump(link, server, client));
  }

  private void pump(Link link, Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try {
      // Not try-with-resources: closing a socket's stream closes the socket, and the other
      // direction may still be flowing (half-close).
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        Mode m = mode;
        if (m == Mode.BLACKHOLE) {
          link.lostBytes = true;
          continue;
        }
        if (m == Mode.DELAY) {
          Thread.sleep(delay.toMillis());
          if (mode == Mode.BLACKHOLE) {
            link.lostBytes = true;
            continue;
          }
        }
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException | InterruptedException e) {
      link.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    if (from.isOutputShutdown() || to.isInputShutdown()) {
      link.close();
    }
  }

  private final class Link {
    private final Socket client;
    private final Socket server;
    volatile boolean lostBytes;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void close() {
      links.remove(this);
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (SocketException ignored) {
      // already closed
    } catch (Exception ignored) {
      // nothing to do on close
    }
  }
}
