package io.eventkit.node.identity;

import org.jdbi.v3.core.Handle;

/**
 * The auth audit log as other features write to it (every change of who or what can reach the node:
 * webhook subscriptions and their secrets). Entries are written in the transaction of the change,
 * with the current caller as the actor, and are listed by {@code ListAuthAudit}. Never put a secret
 * in {@code detail}.
 */
@FunctionalInterface
public interface AuditLog {
  void record(Handle handle, String action, String subject, String detail);
}
