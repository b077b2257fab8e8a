package io.eventkit.node.subhire;

import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** Sub-hire messaging and negotiation settings (config key {@code subhire}). */
public class SubHireConfig {
  /** Deadline of one message delivery to a partner. */
  @NotNull private Duration sendDeadline = Duration.seconds(5);

  /** First retry delay after a failed delivery to a partner; doubles per failure (with jitter). */
  @NotNull private Duration backoffBase = Duration.seconds(1);

  /** Longest delay between delivery attempts to one partner. */
  @NotNull private Duration backoffMax = Duration.minutes(5);

  /** How often the relay looks for due messages when nothing woke it. */
  @NotNull private Duration pollInterval = Duration.seconds(1);

  /** How often quotes are expired and dispatched hires moved ON_HIRE. */
  @NotNull private Duration sweepInterval = Duration.seconds(5);

  /** Quote validity when the supplier gives none. */
  @NotNull private Duration defaultQuoteValidity = Duration.hours(48);

  /**
   * How long a node process may go without its relay heartbeat (beaten every third of this) before
   * its outbox claims are taken over: a crashed process's messages wait this long, not the lease.
   */
  @NotNull private Duration instanceTimeout = Duration.seconds(6);

  /**
   * Whether this node sends its outbox. Off only to hold messages back (tests of a crash between
   * commit and send); they are sent once a node with the relay on runs on the same database.
   */
  private boolean relayEnabled = true;

  public Duration getInstanceTimeout() {
    return instanceTimeout;
  }

  public void setInstanceTimeout(Duration v) {
    this.instanceTimeout = v;
  }

  public Duration getSendDeadline() {
    return sendDeadline;
  }

  public void setSendDeadline(Duration v) {
    this.sendDeadline = v;
  }

  public Duration getBackoffBase() {
    return backoffBase;
  }

  public void setBackoffBase(Duration v) {
    this.backoffBase = v;
  }

  public Duration getBackoffMax() {
    return backoffMax;
  }

  public void setBackoffMax(Duration v) {
    this.backoffMax = v;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration v) {
    this.pollInterval = v;
  }

  public Duration getSweepInterval() {
    return sweepInterval;
  }

  public void setSweepInterval(Duration v) {
    this.sweepInterval = v;
  }

  public Duration getDefaultQuoteValidity() {
    return defaultQuoteValidity;
  }

  public void setDefaultQuoteValidity(Duration v) {
    this.defaultQuoteValidity = v;
  }

  /**
   * What is wrong with these settings, for the start checks: an automatic quote must be valid for a
   * time a person could quote too (more than nothing, at most 90 days, as QuoteSubHire allows).
   */
  public java.util.List<String> problems() {
    java.time.Duration validity = defaultQuoteValidity.toJavaDuration();
    if (validity.isZero() || validity.compareTo(java.time.Duration.ofDays(90)) > 0) {
      return java.util.List.of(
          "subhire.defaultQuoteValidity ("
              + defaultQuoteValidity
              + ") must be more than 0 and at most 90 days");
    }
    return java.util.List.of();
  }

  public boolean isRelayEnabled() {
    return relayEnabled;
  }

  public void setRelayEnabled(boolean v) {
    this.relayEnabled = v;
  }
}
