package io.eventkit.node.notifications.webhooks;

import io.eventkit.node.kernel.DomainException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The SSRF guard of webhook targets: https only, and never an address inside the node's own
 * networks (loopback, private, link-local, unique-local, carrier-grade NAT, multicast, unspecified,
 * the cloud metadata address) unless an admin allowed the host name or a CIDR block containing it
 * ({@code notifications.webhooks.allowedTargets}); http:// only to allowed targets. Checked when a
 * subscription is saved (on the URL) and again before every send (on the addresses the name
 * resolves to then, so a name re-pointed at an internal address after it was saved is refused).
 */
public final class TargetGuard {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Set<String> hosts;
  private final List<Cidr> blocks;

  private TargetGuard(Set<String> hosts, List<Cidr> blocks) {
    this.hosts = hosts;
    this.blocks = blocks;
  }

  /**
   * Parses {@code allowedTargets}: host names, IP addresses or CIDR blocks.
   *
   * @throws IllegalArgumentException naming the entry that is neither
   */
  public static TargetGuard parse(List<String> allowedTargets) {
    Set<String> hosts = new TreeSet<>();
    List<Cidr> blocks = new ArrayList<>();
    for (String raw : allowedTargets == null ? List.<String>of() : allowedTargets) {
      String e = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        throw new IllegalArgumentException("an entry is empty");
      }
      int slash = e.indexOf('/');
      String addr = slash < 0 ? e : e.substring(0, slash);
      if (isLiteral(addr)) {
        InetAddress a = literal(addr, raw);
        int max = a instanceof Inet4Address ? 32 : 128;
        int bits;
        try {
          bits = slash < 0 ? max : Integer.parseInt(e.substring(slash + 1));
        } catch (NumberFormatException x) {
          throw new IllegalArgumentException("'" + raw + "' has no valid prefix length");
        }
        if (bits < 0 || bits > max) {
          throw new IllegalArgumentException("'" + raw + "' has a prefix length outside 0-" + max);
        }
        blocks.add(new Cidr(a.getAddress(), bits));
      } else if (slash < 0 && e.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
        hosts.add(e);
      } else {
        throw new IllegalArgumentException(
            "'" + raw + "' is neither a host name, an IP address nor a CIDR block (10.0.0.0/8)");
      }
    }
    return new TargetGuard(Set.copyOf(hosts), List.copyOf(blocks));
  }

  /**
   * Checks a URL as a subscription is saved.
   *
   * @throws DomainException INVALID_ARGUMENT saying what is wrong and how to allow it
   */
  public URI checkUrl(String url) {
    URI uri = syntax(url);
    List<InetAddress> addresses;
    try {
      addresses = resolve(uri.getHost());
    } catch (DomainException unresolvable) {
      // A name that does not resolve (yet: a receiver still being set up, or DNS the node cannot
      // reach) is saved; every send resolves it again and refuses what these rules refuse, so
      // nothing private is reached through it. Only the scheme can be judged now.
      if ("http".equalsIgnoreCase(uri.getScheme()) && !hosts.contains(host(uri))) {
        throw DomainException.invalid(
            "url must use https://; http:// is accepted only for targets an admin listed in"
                + " notifications.webhooks.allowedTargets ("
                + host(uri)
                + " is not)");
      }
      return uri;
    }
    check(uri, addresses);
    return uri;
  }

  /**
   * Before a send: resolves the URL's host now and checks every address it gives.
   *
   * @throws DomainException INVALID_ARGUMENT when the target is refused (or unresolvable)
   */
  public void checkBeforeSend(URI uri) {
    check(uri, resolve(uri.getHost()));
  }

  static URI syntax(String url) {
    if (url == null || url.isBlank()) {
      throw DomainException.invalid("url is required: the https:// address that receives events");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw DomainException.invalid("url is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw DomainException.invalid(
          "url must start with https:// (got '" + (scheme.isEmpty() ? url : scheme + ":") + "')");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw DomainException.invalid(
          "url has no host name: e.g. https://hooks.example.com/eventkit");
    }
    if (uri.getRawUserInfo() != null) {
      throw DomainException.invalid(
          "url must not contain a user name or password; authenticate with the signature");
    }
    if (uri.getRawFragment() != null) {
      throw DomainException.invalid("url must not contain a #fragment");
    }
    return uri;
  }

  private void check(URI uri, List<InetAddress> addresses) {
    String host = host(uri);
    boolean hostAllowed = hosts.contains(host);
    if ("http".equalsIgnoreCase(uri.getScheme())
        && !hostAllowed
        && !addresses.stream().allMatch(this::inAllowedBlock)) {
      throw DomainException.invalid(
          "url must use https://; http:// is accepted only for targets an admin listed in"
              + " notifications.webhooks.allowedTargets ("
              + host
              + " is not)");
    }
    if (hostAllowed) {
      return;
    }
    for (InetAddress a : addresses) {
      String why = forbidden(a);
      if (why != null && !inAllowedBlock(a)) {
        throw DomainException.invalid(
            "url points at "
                + a.getHostAddress()
                + (host.equals(a.getHostAddress()) ? "" : " (" + host + ")")
                + ", "
                + why
                + ": webhooks may not reach the node's own networks. An admin can allow it by"
                + " adding the host or a CIDR block to notifications.webhooks.allowedTargets");
      }
    }
  }

  private static String host(URI uri) {
    String h = uri.getHost().toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  private static List<InetAddress> resolve(String rawHost) {
    String host =
        rawHost.startsWith("[") && rawHost.endsWith("]")
            ? rawHost.substring(1, rawHost.length() - 1)
            : rawHost;
    try {
      return List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      throw DomainException.invalid(
          "url's host " + host + " does not resolve; check the name (and the node's DNS)");
    }
  }

  private boolean inAllowedBlock(InetAddress a) {
    byte[] b = a.getAddress();
    for (Cidr c : blocks) {
      if (c.contains(b)) {
        return true;
      }
    }
    return false;
  }

  /** Why an address is refused by default, or null when it is a public address. */
  static String forbidden(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int x = b[0] & 0xff;
      int y = b[1] & 0xff;
      if (x == 169 && y == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254) {
        return "the cloud metadata address";
      }
      if (a.isAnyLocalAddress() || x == 0) {
        return "an unspecified address (0.0.0.0/8)";
      }
      if (a.isLoopbackAddress()) {
        return "a loopback address";
      }
      if (a.isLinkLocalAddress()) {
        return "a link-local address (169.254.0.0/16)";
      }
      if (a.isSiteLocalAddress()) {
        return "a private address (RFC 1918)";
      }
      if (x == 100 && (y & 0xc0) == 64) {
        return "a carrier-grade NAT address (100.64.0.0/10)";
      }
      if (a.isMulticastAddress()) {
        return "a multicast address";
      }
      if (x >= 240) {
        return "a reserved or broadcast address (240.0.0.0/4)";
      }
      if (x == 198 && (y == 18 || y == 19)) {
        return "a benchmarking address (198.18.0.0/15)";
      }
      if (x == 192 && y == 0 && (b[2] & 0xff) == 0) {
        return "an IETF protocol address (192.0.0.0/24)";
      }
      return null;
    }
    if (a instanceof Inet6Address) {
      if (a.isAnyLocalAddress()) {
        return "an unspecified address (::)";
      }
      if (a.isLoopbackAddress()) {
        return "a loopback address";
      }
      if (a.isLinkLocalAddress()) {
        return "a link-local address (fe80::/10)";
      }
      if (a.isSiteLocalAddress()) {
        return "a site-local address (fec0::/10)";
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return "a unique local address (fc00::/7)";
      }
      if (a.isMulticastAddress()) {
        return "a multicast address";
      }
      if (isV4Embedded(b)) {
        try {
          InetAddress v4 = InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
          String why = forbidden(v4);
          return why == null ? null : why + " inside an IPv6 address";
        } catch (UnknownHostException e) {
          return "an unparseable address";
        }
      }
      return null;
    }
    return "an address of an unknown family";
  }

  /** ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::/96 (NAT64). */
  private static boolean isV4Embedded(byte[] b) {
    boolean zeros = true;
    for (int i = 0; i < 10; i++) {
      zeros &= b[i] == 0;
    }
    boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeros && b[10] == 0 && b[11] == 0;
    boolean nat64 =
        (b[0] & 0xff) == 0
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = b[i] == 0;
    }
    return mapped || compatible || nat64;
  }

  private static boolean isLiteral(String s) {
    return IPV4.matcher(s).matches() || s.contains(":");
  }

  private static InetAddress literal(String s, String raw) {
    try {
      return InetAddress.getByName(s); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + raw + "' is not a valid IP address");
    }
  }

  private static final class Cidr {
    private final byte[] network;
    private final int bits;

    Cidr(byte[] network, int bits) {
      this.network = network.clone();
      this.bits = bits;
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
