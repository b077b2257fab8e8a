package io.eventkit.node.platform.api.grpc;

import io.grpc.Context;

/** The network address of the current API caller (for audit logs). */
public final class CallerAddress {
  static final Context.Key<String> KEY = Context.key("eventkit-caller-address");

  private CallerAddress() {}

  /** host:port without the leading slash of InetSocketAddress.toString(). */
  public static String format(java.net.SocketAddress address) {
    if (address instanceof java.net.InetSocketAddress inet) {
      return inet.getAddress() == null
          ? inet.getHostString() + ":" + inet.getPort()
          : inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  public static String current() {
    String a = KEY.get();
    return a == null ? "" : a;
  }
}
