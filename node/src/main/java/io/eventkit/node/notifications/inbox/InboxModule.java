package io.eventkit.node.notifications.inbox;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.identity.Recipients;
import io.eventkit.node.notifications.EventSink;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.tenancy.Tenants;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The users' side of notifications (docs/notifications.md): the in-app inbox, preferences, email
 * (immediate or a daily digest) and web push. {@link #sink()} turns each fanned-out event into
 * rows; {@link #managed()} are the digest job and the web-push sender; {@link #grpcServices()} is
 * NotificationService.
 */
public final class InboxModule {
  private final InboxSink sink;
  private final DigestJob digest;
  private final WebPushSender push;
  private final List<BindableService> services;

  /**
   * {@code links}: the base of the links in emails for the company account being served (asked as
   * it; in a shared deployment each has its own host), "" for no links.
   */
  public InboxModule(
      Jdbi jdbi,
      Clock clock,
      MailOutbox mail,
      InboxConfig config,
      KeyVault vault,
      Recipients recipients,
      Tenants tenants,
      java.util.function.Supplier<String> links) {
    WebPushKeys keys = new WebPushKeys(jdbi, vault, clock);
    this.push = new WebPushSender(jdbi, keys, config, clock, tenants);
    // The link emails carry to the inbox, for the account being served.
    java.util.function.Supplier<String> inboxLink =
        () -> {
          String base = links.get().replaceAll("/+$", "");
          return base.isEmpty() ? "" : base + "/notifications";
        };
    this.sink = new InboxSink(recipients, mail, config, clock, push::kick, inboxLink);
    this.digest = new DigestJob(jdbi, recipients, mail, config, clock, tenants, inboxLink);
    this.services = List.of(new NotificationGrpcService(new Inbox(jdbi, clock, config, keys)));
  }

  /** Called by the fan-out for every event, in its transaction. */
  public EventSink sink() {
    return sink;
  }

  public List<BindableService> grpcServices() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    NotificationValidators.register(validators);
  }

  /** The digest job and the web-push sender, to be started and stopped with the node. */
  public List<Managed> managed() {
    return List.of(digest, push);
  }

  /** Sends every digest due now; returns how many emails were queued (tests, tools). */
  public int runDigestsNow() {
    return digest.runOnce();
  }

  /** Sends one due web push; false when none is due (tests, tools). */
  public boolean deliverOnePush() {
    return push.deliverOne();
  }
}
