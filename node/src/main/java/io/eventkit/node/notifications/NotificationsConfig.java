package io.eventkit.node.notifications;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Config {@code notifications} (docs/notifications.md): whether domain events are recorded at all,
 * how the fan-out runs, and the outbound webhooks' delivery settings.
 */
public class NotificationsConfig {
  private boolean enabled = true;
  private Duration pollInterval = Duration.seconds(1);
  private Duration retention = Duration.days(30);
  private int batchSize = 100;
  private Duration linger = Duration.milliseconds(20);
  private int digestHour = 7;
  private boolean webPush = true;
  private WebhooksConfig webhooks = new WebhooksConfig();

  /** Problems that stop the node from starting, each naming its setting; empty when fine. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (pollInterval.toMilliseconds() < 1) {
      p.add("notifications.pollInterval must be positive");
    }
    if (retention.toMilliseconds() < 1) {
      p.add("notifications.retention must be positive");
    }
    if (linger.toMilliseconds() < 0 || linger.toMilliseconds() > 1_000) {
      p.add("notifications.linger must be 0-1s, got " + linger);
    }
    if (batchSize < 1 || batchSize > 10_000) {
      p.add("notifications.batchSize must be 1-10000, got " + batchSize);
    }
    if (digestHour < 0 || digestHour > 23) {
      p.add("notifications.digestHour must be 0-23 (an hour of the day), got " + digestHour);
    }
    p.addAll(webhooks.problems());
    return p;
  }

  /** The hour (in each user's own time zone) at which daily email digests go out. */
  @JsonProperty
  public int getDigestHour() {
    return digestHour;
  }

  @JsonProperty
  public void setDigestHour(int digestHour) {
    this.digestHour = digestHour;
  }

  /** Whether users may turn on web push (the node then has a VAPID key pair). */
  @JsonProperty
  public boolean isWebPush() {
    return webPush;
  }

  @JsonProperty
  public void setWebPush(boolean webPush) {
    this.webPush = webPush;
  }

  /** Off: no domain event is recorded (EVENTKIT_NOTIFICATIONS_ENABLED=false). */
  @JsonProperty
  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** How often the fan-out looks for events committed by other replicas. */
  @JsonProperty
  public Duration getPollInterval() {
    return pollInterval;
  }

  @JsonProperty
  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  /** How long fanned-out events are kept before housekeeping deletes them. */
  @JsonProperty
  public Duration getRetention() {
    return retention;
  }

  @JsonProperty
  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  /**
   * How long the fan-out waits after being woken before it claims: events committed meanwhile join
   * the same batch (one transaction for many events rather than one each while writes come fast),
   * at the price of that much notification latency.
   */
  @JsonProperty
  public Duration getLinger() {
    return linger;
  }

  @JsonProperty
  public void setLinger(Duration linger) {
    this.linger = linger;
  }

  /** Events claimed per fan-out transaction. */
  @JsonProperty
  public int getBatchSize() {
    return batchSize;
  }

  @JsonProperty
  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  @JsonProperty
  public WebhooksConfig getWebhooks() {
    return webhooks;
  }

  @JsonProperty
  public void setWebhooks(WebhooksConfig webhooks) {
    this.webhooks = webhooks;
  }

  /** {@code notifications.webhooks}. */
  public static class WebhooksConfig {
    private Duration connectTimeout = Duration.seconds(5);
    private Duration requestTimeout = Duration.seconds(15);
    private int maxAttempts = 8;
    private Duration backoffBase = Duration.seconds(30);
    private Duration backoffMax = Duration.hours(4);
    private int disableAfterFailures = 5;
    private Duration lease = Duration.minutes(2);
    private Duration pollInterval = Duration.seconds(5);
    private int workers = 4;
    private List<String> allowedTargets = new ArrayList<>();

    List<String> problems() {
      List<String> p = new ArrayList<>();
      if (maxAttempts < 1 || maxAttempts > 50) {
        p.add("notifications.webhooks.maxAttempts must be 1-50, got " + maxAttempts);
      }
      if (disableAfterFailures < 1) {
        p.add(
            "notifications.webhooks.disableAfterFailures must be at least 1, got "
                + disableAfterFailures);
      }
      if (backoffBase.toMilliseconds() < 1 || backoffMax.compareTo(backoffBase) < 0) {
        p.add(
            "notifications.webhooks.backoffBase must be positive and not above"
                + " notifications.webhooks.backoffMax");
      }
      if (connectTimeout.toMilliseconds() < 1 || requestTimeout.toMilliseconds() < 1) {
        p.add("notifications.webhooks.connectTimeout and requestTimeout must be positive");
      }
      if (lease.toMilliseconds()
          <= connectTimeout.toMilliseconds() + requestTimeout.toMilliseconds()) {
        p.add(
            "notifications.webhooks.lease must be longer than connectTimeout + requestTimeout"
                + " (a delivery in flight would be sent again by another worker)");
      }
      if (pollInterval.toMilliseconds() < 1) {
        p.add("notifications.webhooks.pollInterval must be positive");
      }
      if (workers < 1 || workers > 64) {
        p.add("notifications.webhooks.workers must be 1-64, got " + workers);
      }
      try {
        io.eventkit.node.notifications.webhooks.TargetGuard.parse(allowedTargets);
      } catch (IllegalArgumentException e) {
        p.add("notifications.webhooks.allowedTargets: " + e.getMessage());
      }
      return p;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    /** The whole request, from sending to the end of the answer. */
    @JsonProperty
    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    @JsonProperty
    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    /** Attempts per delivery before it is FAILED. */
    @JsonProperty
    public int getMaxAttempts() {
      return maxAttempts;
    }

    @JsonProperty
    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** The wait after the first failure; doubled per attempt, ±20 % jitter, at most backoffMax. */
    @JsonProperty
    public Duration getBackoffBase() {
      return backoffBase;
    }

    @JsonProperty
    public void setBackoffBase(Duration backoffBase) {
      this.backoffBase = backoffBase;
    }

    @JsonProperty
    public Duration getBackoffMax() {
      return backoffMax;
    }

    @JsonProperty
    public void setBackoffMax(Duration backoffMax) {
      this.backoffMax = backoffMax;
    }

    /** FAILED deliveries in a row after which the node turns a subscription off (FAILING). */
    @JsonProperty
    public int getDisableAfterFailures() {
      return disableAfterFailures;
    }

    @JsonProperty
    public void setDisableAfterFailures(int disableAfterFailures) {
      this.disableAfterFailures = disableAfterFailures;
    }

    /** How long a claimed delivery is reserved for its worker before another may take it. */
    @JsonProperty
    public Duration getLease() {
      return lease;
    }

    @JsonProperty
    public void setLease(Duration lease) {
      this.lease = lease;
    }

    @JsonProperty
    public Duration getPollInterval() {
      return pollInterval;
    }

    @JsonProperty
    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    /** Deliveries sent concurrently by this node. */
    @JsonProperty
    public int getWorkers() {
      return workers;
    }

    @JsonProperty
    public void setWorkers(int workers) {
      this.workers = workers;
    }

    /**
     * Host names or CIDR blocks an admin allows as webhook targets although they are private,
     * loopback, link-local or metadata addresses; http:// is accepted only for these.
     */
    @JsonProperty
    public List<String> getAllowedTargets() {
      return allowedTargets;
    }

    @JsonProperty
    public void setAllowedTargets(List<String> allowedTargets) {
      this.allowedTargets = allowedTargets == null ? new ArrayList<>() : allowedTargets;
    }
  }
}
