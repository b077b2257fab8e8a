package io.eventkit.node.notifications;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.identity.AuditLog;
import io.eventkit.node.notifications.webhooks.DeliveryWorker;
import io.eventkit.node.notifications.webhooks.TargetGuard;
import io.eventkit.node.notifications.webhooks.WebhookGrpcService;
import io.eventkit.node.notifications.webhooks.WebhookSink;
import io.eventkit.node.notifications.webhooks.Webhooks;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.tenancy.Tenants;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The notifications feature's one public face (docs/notifications.md): the fan-out of the
 * domain-event stream to its sinks, and outbound webhooks (WebhookService). The webhook sink is
 * built here; other sinks (the users' inbox, email and push) are passed in and called after it, in
 * the same fan-out transaction. Managed: starts the fan-out and the delivery workers, and stops
 * them (the workers after the sends in progress were recorded).
 */
public final class NotificationsModule implements Managed {
  private final DomainEvents events;
  private final FanOut fanOut;
  private final DeliveryWorker deliveries;
  private final Webhooks webhooks;
  private final List<BindableService> services;

  /**
   * @param events the node's one DomainEvents (created by the wiring); the fan-out listens to it
   * @param vault encrypts the webhooks' signing secrets at rest
   * @param audit where webhook changes are logged (identity's auth audit log)
   * @param extraSinks further consumers of the stream, called after the webhook sink
   * @throws IllegalArgumentException if {@code notifications.webhooks.allowedTargets} is unusable
   */
  public NotificationsModule(
      Jdbi jdbi,
      Clock clock,
      DomainEvents events,
      KeyVault vault,
      AuditLog audit,
      NotificationsConfig config,
      List<EventSink> extraSinks,
      Tenants tenants) {
    this.events = events;
    TargetGuard guard = TargetGuard.parse(config.getWebhooks().getAllowedTargets());
    this.deliveries =
        new DeliveryWorker(jdbi, clock, vault, guard, config.getWebhooks(), events, tenants);
    this.webhooks = new Webhooks(jdbi, clock, vault, guard, audit, deliveries);
    List<EventSink> sinks = new ArrayList<>();
    sinks.add(new WebhookSink(clock, deliveries));
    sinks.addAll(extraSinks);
    this.fanOut = new FanOut(jdbi, clock, sinks, config, tenants);
    fanOut.addHousekeeping(deliveries::purge);
    events.onRecorded(fanOut::kick);
    this.services = List.of(new WebhookGrpcService(webhooks));
  }

  public List<BindableService> services() {
    return services;
  }

  public static void registerValidators(RequestValidators validators) {
    WebhookGrpcService.registerValidators(validators);
  }

  /** The node's domain-event recorder, for the features that raise events. */
  public DomainEvents events() {
    return events;
  }

  /** The fan-out worker (tests run passes on it directly). */
  public FanOut fanOut() {
    return fanOut;
  }

  /** The webhook delivery workers. */
  public DeliveryWorker deliveries() {
    return deliveries;
  }

  public Webhooks webhooks() {
    return webhooks;
  }

  @Override
  public void start() {
    deliveries.start();
    fanOut.start();
  }

  @Override
  public void stop() throws Exception {
    fanOut.stop();
    deliveries.stop();
  }
}
