package io.eventkit.node.platform.retention;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Config {@code retention} (docs/operations.md, "Retention"): how long the tables that only grow
 * are kept. {@code messages}: the sub-hire outbox and inbox of negotiations that ended (the inbox
 * is what answers a replayed message with its original acknowledgement, so it outlives any
 * partner's retries by far). {@code audit}: the trust, sign-in and data audit trails. {@code
 * interval}: how often the purge runs (one replica at a time).
 */
public class RetentionConfig {
  static final java.time.Duration MIN_MESSAGES = java.time.Duration.ofDays(7);
  static final java.time.Duration MIN_AUDIT = java.time.Duration.ofDays(90);

  private Duration messages = Duration.days(180);
  private Duration audit = Duration.days(730);
  private Duration interval = Duration.hours(1);

  /** Problems that stop the node from starting, each naming its setting; empty when fine. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (messages.toJavaDuration().compareTo(MIN_MESSAGES) < 0) {
      p.add("retention.messages must be at least 7 days, got " + messages);
    }
    if (audit.toJavaDuration().compareTo(MIN_AUDIT) < 0) {
      p.add("retention.audit must be at least 90 days, got " + audit);
    }
    if (interval.toMilliseconds() < 1_000) {
      p.add("retention.interval must be at least 1 second, got " + interval);
    }
    return p;
  }

  @JsonProperty
  public Duration getMessages() {
    return messages;
  }

  @JsonProperty
  public void setMessages(Duration messages) {
    this.messages = messages;
  }

  @JsonProperty
  public Duration getAudit() {
    return audit;
  }

  @JsonProperty
  public void setAudit(Duration audit) {
    this.audit = audit;
  }

  @JsonProperty
  public Duration getInterval() {
    return interval;
  }

  @JsonProperty
  public void setInterval(Duration interval) {
    this.interval = interval;
  }
}
