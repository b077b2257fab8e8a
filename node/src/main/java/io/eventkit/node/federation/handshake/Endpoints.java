package io.eventkit.node.federation.handshake;

import com.google.common.net.InetAddresses;
import java.util.regex.Pattern;

/**
 * Endpoint syntax (docs/federation.md §3): {@code host:port}, where host is a DNS name (labels of
 * ASCII letters, digits and '-', 1–63 characters, not starting or ending with '-', 1–253 in all, no
 * trailing dot), a dotted-quad IPv4 address, or an IPv6 address in brackets ({@code [::1]}); port
 * is 1–65535 in decimal without sign or leading zero. Nothing else: no scheme, path, user info,
 * whitespace or zone ID.
 */
public final class Endpoints {
  static final String SYNTAX =
      "must be host:port, where host is a DNS name, an IPv4 address or an IPv6 address in brackets"
          + " and port is 1-65535 (e.g. node.example:9443, 192.0.2.7:9443, [2001:db8::7]:9443)";

  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
  private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

  private Endpoints() {}

  /**
   * {@code host:port}, with an IPv6 address put in brackets.
   *
   * @throws IllegalArgumentException if the result is not a valid endpoint (e.g. a configured
   *     {@code publicHost} that is no host name or address)
   */
  public static String of(String host, int port) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String endpoint = h + ":" + port;
    if (!isHostPort(endpoint)) {
      throw new IllegalArgumentException(
          "'" + host + "' is not a DNS name, an IPv4 address or an IPv6 address (publicHost)");
    }
    return endpoint;
  }

  public static boolean isHostPort(String endpoint) {
    if (endpoint == null || endpoint.isEmpty() || endpoint.length() > 300) {
      return false;
    }
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0) {
      return false;
    }
    String port = endpoint.substring(colon + 1);
    if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
      return false;
    }
    String host = endpoint.substring(0, colon);
    if (host.startsWith("[")) {
      if (!host.endsWith("]")) {
        return false;
      }
      String v6 = host.substring(1, host.length() - 1);
      return v6.contains(":") && !v6.contains("%") && InetAddresses.isInetAddress(v6);
    }
    return isDnsNameOrIpv4(host);
  }

  private static boolean isDnsNameOrIpv4(String host) {
    if (host.length() > 253) {
      return false;
    }
    String[] labels = host.split("\\.", -1);
    boolean numeric = true;
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
      numeric &= label.chars().allMatch(Character::isDigit);
    }
    if (!numeric) {
      return true;
    }
    // all-numeric: only a dotted-quad IPv4 address
    if (labels.length != 4) {
      return false;
    }
    for (String label : labels) {
      if (!OCTET.matcher(label).matches() || Integer.parseInt(label) > 255) {
        return false;
      }
    }
    return true;
  }
}
