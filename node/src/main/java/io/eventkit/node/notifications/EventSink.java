package io.eventkit.node.notifications;

import org.jdbi.v3.core.Handle;

/**
 * One consumer of the domain-event stream (webhooks; the users' inbox, email and push). The fan-out
 * calls every sink for each event inside one transaction on {@code handle}, with the event's tenant
 * bound in {@code TenantContext}, and marks the event fanned out in the same transaction: a sink
 * writes its own outbox rows (deliveries, notifications) there and sends nothing itself, so an
 * event is fanned out exactly once even if the process dies. A sink must be idempotent per event
 * (unique keys on (target, event_id)), because a fan-out transaction that fails is retried.
 */
public interface EventSink {
  void fanOut(Handle handle, StoredEvent event);
}
