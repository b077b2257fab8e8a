package io.eventkit.node.api.grpc;

import io.grpc.Context;

/** The network address of the current API caller (for audit logs). */
public final class CallerAddress {
  static final Context.Key<String> KEY = Context.key("eventkit-caller-address");

  private CallerAddress() {}

  public static String current() {
    String a = KEY.get();
    return a == null ? "" : a;
  }
}
