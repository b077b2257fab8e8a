package io.eventkit.node.federation.handshake;

/** host:port syntax checks for endpoints exchanged between nodes. */
final class Endpoints {
  private Endpoints() {}

  static boolean isHostPort(String endpoint) {
    if (endpoint == null || endpoint.isBlank() || endpoint.length() > 300) {
      return false;
    }
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      return false;
    }
    try {
      int port = Integer.parseInt(endpoint.substring(colon + 1));
      return port > 0 && port < 65536;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
