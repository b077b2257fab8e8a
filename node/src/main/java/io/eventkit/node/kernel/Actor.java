package io.eventkit.node.kernel;

/** Who is acting, for audit trails (permissions are checked by the API's auth interceptor). */
public final class Actor {
  private Actor() {}

  /** The caller's name, or "system" outside a call (demo data, background jobs). */
  public static String name() {
    Principal p = Principal.current();
    return p == null ? "system" : p.name();
  }
}
