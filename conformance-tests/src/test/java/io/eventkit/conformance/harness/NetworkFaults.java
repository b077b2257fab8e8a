package io.eventkit.conformance.harness;

import java.time.Duration;

/**
 * Faults on the network path between a node's federation listeners (mTLS port and enrolment
 * listener) and everyone who calls them. The bytes are TLS; faults act on the TCP streams, so the
 * node under test and its partners see what a real network would do to them.
 */
public interface NetworkFaults {
  /** Forwards every byte as it comes (the default). Connections blackholed so far are cut. */
  void pass();

  /** Holds every write burst for {@code delay} in each direction (a call pays it twice). */
  void delay(Duration delay);

  /**
   * Drops every byte in both directions, on open connections and on new ones (which are still
   * accepted): callers see no answer at all, as behind a firewall that drops packets.
   */
  void blackhole();

  /** Closes every open connection now; new connections pass as before. */
  void cutConnections();
}
