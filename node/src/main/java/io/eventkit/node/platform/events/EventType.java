package io.eventkit.node.platform.events;

import static io.eventkit.node.kernel.Principal.Role.ADMIN;
import static io.eventkit.node.kernel.Principal.Role.CREW;
import static io.eventkit.node.kernel.Principal.Role.MANAGER;
import static io.eventkit.node.kernel.Principal.Role.PLANNER;
import static io.eventkit.node.kernel.Principal.Role.SALES;
import static io.eventkit.node.kernel.Principal.Role.WAREHOUSE;

import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event catalogue: every domain event a node raises (docs/events.md shows the same list, and
 * {@code EventCatalogueDocTest} keeps the two equal). Each type names the permission a user needs
 * to receive it in-app, by email or by push, and its default channels: in-app for everyone who may
 * see it, plus email for the roles in {@code emailRoles} (the people who must act on it). Webhook
 * subscriptions may take any type.
 */
public enum EventType {
  EVENT_CREATED("event.created", Permission.PLANNING_READ, "An event was created.", Set.of()),
  EVENT_STATUS_CHANGED(
      "event.status_changed",
      Permission.PLANNING_READ,
      "An event's status changed (enquiry, provisional, confirmed, cancelled, …).",
      Set.of()),
  BOOKING_CHANGED(
      "booking.changed",
      Permission.PLANNING_READ,
      "Lines were added to, changed on or removed from an event's booking.",
      Set.of()),
  SUBHIRE_REQUESTED(
      "subhire.requested",
      Permission.SUBHIRE_READ,
      "A partner asked to sub-hire gear from us.",
      Set.of(ADMIN, MANAGER, PLANNER)),
  SUBHIRE_STATE_CHANGED(
      "subhire.state_changed",
      Permission.SUBHIRE_READ,
      "A sub-hire (ours or a partner's) changed state: quoted, confirmed, declined, dispatched, …",
      Set.of()),
  QUOTE_SENT("quote.sent", Permission.QUOTES_READ, "A quote was sent to its client.", Set.of()),
  QUOTE_ACCEPTED(
      "quote.accepted",
      Permission.QUOTES_READ,
      "A client accepted a quote (its event is confirmed).",
      Set.of(ADMIN, MANAGER, SALES)),
  QUOTE_DECLINED(
      "quote.declined", Permission.QUOTES_READ, "A client declined a quote.", Set.of(SALES)),
  SCAN_DISCREPANCY(
      "scan.discrepancy",
      Permission.SCAN,
      "A return came back short, damaged or with items missing.",
      Set.of(MANAGER, WAREHOUSE)),
  RETURN_OVERDUE(
      "return.overdue",
      Permission.PLANNING_READ,
      "Gear is still out after its event ended (raised once a day per event).",
      Set.of(MANAGER, WAREHOUSE)),
  PARTNER_HEALTH_CHANGED(
      "partner.health_changed",
      Permission.TRUST_READ,
      "A partner node became unreachable, degraded or healthy again.",
      Set.of(ADMIN)),
  CERTIFICATE_EXPIRING(
      "certificate.expiring",
      Permission.TRUST_READ,
      "A certificate (ours or a partner's) expires within 30 days (raised once a day).",
      Set.of(ADMIN)),
  CREW_ASSIGNMENT_OFFERED(
      "crew.assignment_offered",
      Permission.CREW_READ,
      "A crew member was offered an assignment (to that crew member only).",
      Set.of(CREW)),
  CREW_ASSIGNMENT_RESPONDED(
      "crew.assignment_responded",
      Permission.CREW_READ,
      "A crew member accepted or declined an assignment.",
      Set.of(PLANNER, MANAGER)),
  USER_CHANGED(
      "user.changed",
      Permission.USERS_ADMIN,
      "A user was created, disabled or locked, or their roles changed.",
      Set.of()),
  SECURITY_ALERT(
      "security.alert",
      Permission.USERS_ADMIN,
      "A security event: an account locked after failed sign-ins, an API token created or revoked.",
      Set.of(ADMIN)),
  WEBHOOK_DISABLED(
      "webhook.disabled",
      Permission.WEBHOOKS_ADMIN,
      "A webhook subscription was turned off after deliveries kept failing.",
      Set.of(ADMIN)),
  WEBHOOK_TEST(
      "webhook.test",
      Permission.WEBHOOKS_ADMIN,
      "Sent by TestWebhook to one subscription; never fanned out to users.",
      Set.of());

  private static final Map<String, EventType> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(EventType::wireName, Function.identity()));

  private final String wireName;
  private final Permission permission;
  private final String description;
  private final Set<Role> emailRoles;

  EventType(String wireName, Permission permission, String description, Set<Role> emailRoles) {
    this.wireName = wireName;
    this.permission = permission;
    this.description = description;
    this.emailRoles = emailRoles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(emailRoles));
  }

  /** The name on the wire, in webhooks and in docs: {@code "quote.accepted"}. */
  public String wireName() {
    return wireName;
  }

  /** What a user must hold to receive it in-app, by email or push. */
  public Permission permission() {
    return permission;
  }

  public String description() {
    return description;
  }

  /** The roles that get it by email as well as in-app unless they choose otherwise. */
  public Set<Role> emailRoles() {
    return emailRoles;
  }

  /** The default channels for a user with {@code roles}: in-app, plus email for emailRoles. */
  public Set<Channel> defaultChannels(Set<Role> roles) {
    if (this == WEBHOOK_TEST) {
      return Set.of();
    }
    boolean email = roles.stream().anyMatch(emailRoles::contains);
    return email ? EnumSet.of(Channel.IN_APP, Channel.EMAIL) : EnumSet.of(Channel.IN_APP);
  }

  public static Optional<EventType> byName(String wireName) {
    return Optional.ofNullable(BY_NAME.get(wireName));
  }
}
