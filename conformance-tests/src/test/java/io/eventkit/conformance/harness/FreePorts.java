package io.eventkit.conformance.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for nodes that must keep their ports across a restart.
 *
 * <p>Ports are picked below the kernel's ephemeral range: a port is chosen now and bound later
 * (after the node's database started), and in between any outgoing connection on the machine (a
 * JDBC pool, another build) may take an ephemeral port as its local port, which made "Address
 * already in use" flaky. Below the range only listeners compete, and those are checked here. The
 * range is split between the build's test forks ({@link #fork()}).
 */
public final class FreePorts {
  private static final Set<Integer> handedOut = new HashSet<>();
  private static final int LOW = 20_000;
  private static final int SLICES = 4;

  private FreePorts() {}

  /** A port free on 127.0.0.1. */
  public static int next() {
    return next(1, InetAddress.getLoopbackAddress().getHostAddress());
  }

  /**
   * The first of {@code count} consecutive ports, all free on every given host (e.g. a federation
   * port and its enrolment port, on the bind host and on the proxy host).
   */
  public static synchronized int next(int count, String... hosts) {
    int slice = (ephemeralStart() - LOW) / SLICES;
    int low = LOW + slice * (fork() % SLICES);
    int high = low + slice - count;
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(low, high);
      boolean ok = true;
      for (int p = port; p < port + count && ok; p++) {
        ok = !handedOut.contains(p);
        for (String host : hosts) {
          ok = ok && bindable(host, p);
        }
      }
      if (ok) {
        for (int p = port; p < port + count; p++) {
          handedOut.add(p);
        }
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + low + " and " + high);
  }

  /**
   * Surefire's fork number (1, 2, …; set by the build's argLine), 0 outside a fork. Each fork picks
   * from its own slice of the range: a port handed out but not yet bound in one fork looks free to
   * the others.
   */
  private static int fork() {
    try {
      return Math.max(0, Integer.parseInt(System.getProperty("eventkit.test.fork", "0")));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean bindable(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The start of Linux's ephemeral port range (32768 if unknown). */
  private static int ephemeralStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > LOW + 1_000 ? start : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
