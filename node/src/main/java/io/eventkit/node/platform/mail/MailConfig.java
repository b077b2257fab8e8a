package io.eventkit.node.platform.mail;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Outbound email over SMTP (config {@code mail}; docs/email.md). Off by default: a node without it
 * still records each mail, as FAILED with "email is not configured on this node (mail.enabled)", so
 * nothing is lost and an operator can send it after configuring email and retrying.
 */
public class MailConfig {
  /** The lastError of mails recorded while email is off. */
  public static final String NOT_CONFIGURED = "email is not configured on this node (mail.enabled)";

  private boolean enabled = false;
  private String host = "";
  private int port = 587;
  private String username = "";
  private String password = "";
  private String from = "";
  private String fromName = "";
  private boolean startTls = true;
  private boolean ssl = false;
  private Duration connectTimeout = Duration.seconds(10);
  private Duration timeout = Duration.seconds(30);
  private int maxAttempts = 8;
  private Duration backoffBase = Duration.seconds(30);
  private Duration backoffMax = Duration.hours(1);
  private Duration pollInterval = Duration.seconds(15);

  /**
   * What stops this configuration from working, each naming its setting; empty when email is off or
   * fine. {@code check} reports these, and {@code server} refuses to start with them.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!enabled) {
      return problems;
    }
    if (host.isBlank()) {
      problems.add("mail.host is not set: the SMTP server's host name (EVENTKIT_MAIL_HOST)");
    }
    if (port < 1 || port > 65535) {
      problems.add("mail.port must be 1-65535 (EVENTKIT_MAIL_PORT), got " + port);
    }
    if (from.isBlank()) {
      problems.add(
          "mail.from is not set: the sender address, e.g. quotes@acme-av.example"
              + " (EVENTKIT_MAIL_FROM)");
    } else {
      try {
        new InternetAddress(from, true).validate();
      } catch (AddressException e) {
        problems.add("mail.from is not an email address (EVENTKIT_MAIL_FROM): '" + from + "'");
      }
    }
    if (ssl && startTls) {
      problems.add(
          "mail.ssl and mail.startTls are both on: use ssl (implicit TLS, usually port 465) or"
              + " startTls (usually port 587), not both");
    }
    if (!username.isBlank() && password.isEmpty()) {
      problems.add("mail.username is set but mail.password is empty (EVENTKIT_MAIL_PASSWORD)");
    }
    if (maxAttempts < 1) {
      problems.add("mail.maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (backoffBase.toMilliseconds() < 1 || backoffMax.compareTo(backoffBase) < 0) {
      problems.add("mail.backoffBase must be positive and not above mail.backoffMax");
    }
    if (connectTimeout.toMilliseconds() < 1 || timeout.toMilliseconds() < 1) {
      problems.add("mail.connectTimeout and mail.timeout must be positive");
    }
    if (pollInterval.toMilliseconds() < 1) {
      problems.add("mail.pollInterval must be positive");
    }
    return problems;
  }

  /** The first problem, if any (for the node's start). */
  public Optional<String> problem() {
    List<String> p = problems();
    return p.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", p));
  }

  @JsonProperty
  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @JsonProperty
  public String getHost() {
    return host;
  }

  @JsonProperty
  public void setHost(String host) {
    this.host = host == null ? "" : host.trim();
  }

  @JsonProperty
  public int getPort() {
    return port;
  }

  @JsonProperty
  public void setPort(int port) {
    this.port = port;
  }

  /** Empty: no SMTP authentication. */
  @JsonProperty
  public String getUsername() {
    return username;
  }

  @JsonProperty
  public void setUsername(String username) {
    this.username = username == null ? "" : username.trim();
  }

  /** Never logged, never in a mail's lastError. */
  @JsonProperty
  public String getPassword() {
    return password;
  }

  @JsonProperty
  public void setPassword(String password) {
    this.password = password == null ? "" : password;
  }

  /** The sender address (the envelope and the From header). */
  @JsonProperty
  public String getFrom() {
    return from;
  }

  @JsonProperty
  public void setFrom(String from) {
    this.from = from == null ? "" : from.trim();
  }

  /** The sender's display name, e.g. the company name; empty: the address alone. */
  @JsonProperty
  public String getFromName() {
    return fromName;
  }

  @JsonProperty
  public void setFromName(String fromName) {
    this.fromName = fromName == null ? "" : fromName.trim();
  }

  /** Upgrade to TLS with STARTTLS, and refuse a server that does not offer it (port 587). */
  @JsonProperty
  public boolean isStartTls() {
    return startTls;
  }

  @JsonProperty
  public void setStartTls(boolean startTls) {
    this.startTls = startTls;
  }

  /** Implicit TLS from the first byte (port 465). */
  @JsonProperty
  public boolean isSsl() {
    return ssl;
  }

  @JsonProperty
  public void setSsl(boolean ssl) {
    this.ssl = ssl;
  }

  @JsonProperty
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  @JsonProperty
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** Read and write timeout of one SMTP exchange. */
  @JsonProperty
  public Duration getTimeout() {
    return timeout;
  }

  @JsonProperty
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /** Attempts before a mail is FAILED (it stays retryable by hand). */
  @JsonProperty
  public int getMaxAttempts() {
    return maxAttempts;
  }

  @JsonProperty
  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /** The wait after the first failed attempt; doubled after each next one, with ±20 % jitter. */
  @JsonProperty
  public Duration getBackoffBase() {
    return backoffBase;
  }

  @JsonProperty
  public void setBackoffBase(Duration backoffBase) {
    this.backoffBase = backoffBase;
  }

  /** The longest wait between two attempts. */
  @JsonProperty
  public Duration getBackoffMax() {
    return backoffMax;
  }

  @JsonProperty
  public void setBackoffMax(Duration backoffMax) {
    this.backoffMax = backoffMax;
  }

  /**
   * How often the worker looks for due mails when nothing woke it (a mail enqueued on this node
   * wakes it at once; this catches those of other replicas and the retries' due times).
   */
  @JsonProperty
  public Duration getPollInterval() {
    return pollInterval;
  }

  @JsonProperty
  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  @Override
  public String toString() {
    return "MailConfig{enabled="
        + enabled
        + ", host="
        + host
        + ", port="
        + port
        + ", username="
        + username
        + ", password=***, from="
        + from
        + "}";
  }
}
