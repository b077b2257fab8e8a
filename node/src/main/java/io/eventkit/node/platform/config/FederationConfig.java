package io.eventkit.node.platform.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The mTLS federation port partners call, and the secrets that protect the node's CA keys. */
public class FederationConfig extends ListenConfig {
  public FederationConfig() {
    super("0.0.0.0", 9443);
  }

  /**
   * Passphrase that encrypts the node's private keys at rest (PKCS#8). Required in server mode (set
   * {@code EVENTKIT_KEY_PASSPHRASE}); dev mode generates one under the data directory.
   */
  private String keyPassphrase = "";

  /**
   * A file holding the key passphrase (first line), as an alternative to {@code keyPassphrase} (set
   * {@code EVENTKIT_KEY_PASSPHRASE_FILE}, e.g. a Docker or systemd secret).
   */
  private String keyPassphraseFile = "";

  /**
   * Enrolment listener port (server-auth TLS, handshake only). -1: the federation port + 1; 0: a
   * free port (printed at start, carried in invitations).
   */
  @Min(-1)
  @Max(65535)
  private int enrollmentPort = -1;

  /** Lifetime of client certificates this node issues to partners. */
  @NotNull private Duration clientCertificateLifetime = Duration.hours(24);

  /** Longest lifetime a partner may request in a CSR. */
  @NotNull private Duration maxClientCertificateLifetime = Duration.days(7);

  @NotNull private Duration serverCertificateLifetime = Duration.days(30);

  /** Clock-skew allowance when validating peers' certificates. */
  @NotNull private Duration clockSkew = Duration.seconds(60);

  @NotNull private Duration bundleRefreshInterval = Duration.minutes(5);

  @NotNull private Duration clockOffsetWarning = Duration.seconds(30);

  /** How long a new issuing CA must be published before it may be activated. */
  @NotNull private Duration caPublishLead = Duration.hours(24);

  @NotNull private Duration invitationTtl = Duration.minutes(15);

  @Min(1)
  @Max(100_000)
  private int defaultPartnerRateLimit = 100;

  /** Deadline of each partner's answer in a federated availability query (docs §8.4.3). */
  @NotNull private Duration availabilityDeadline = Duration.milliseconds(500);

  /**
   * Availability queries in flight to one partner (docs §8.4.3): beyond it a partner is BUSY (not
   * asked). With {@link #availabilityInFlightMax} above it, the limit adapts between the two.
   */
  @Min(1)
  @Max(1_000)
  private int availabilityInFlight = 8;

  /** 0: the same as {@link #availabilityInFlight} (a fixed bulkhead). */
  @Min(0)
  @Max(1_000)
  private int availabilityInFlightMax = 0;

  @JsonProperty
  public int getEnrollmentPort() {
    return enrollmentPort;
  }

  @JsonProperty
  public void setEnrollmentPort(int enrollmentPort) {
    this.enrollmentPort = enrollmentPort;
  }

  @JsonProperty
  public Duration getClientCertificateLifetime() {
    return clientCertificateLifetime;
  }

  @JsonProperty
  public void setClientCertificateLifetime(Duration d) {
    this.clientCertificateLifetime = d;
  }

  @JsonProperty
  public Duration getMaxClientCertificateLifetime() {
    return maxClientCertificateLifetime;
  }

  @JsonProperty
  public void setMaxClientCertificateLifetime(Duration d) {
    this.maxClientCertificateLifetime = d;
  }

  @JsonProperty
  public Duration getServerCertificateLifetime() {
    return serverCertificateLifetime;
  }

  @JsonProperty
  public void setServerCertificateLifetime(Duration d) {
    this.serverCertificateLifetime = d;
  }

  /** A partner clock offset above this is logged at WARN and flagged in partner health. */
  @JsonProperty
  public Duration getClockOffsetWarning() {
    return clockOffsetWarning;
  }

  @JsonProperty
  public void setClockOffsetWarning(Duration d) {
    this.clockOffsetWarning = d;
  }

  @JsonProperty
  public Duration getClockSkew() {
    return clockSkew;
  }

  @JsonProperty
  public void setClockSkew(Duration d) {
    this.clockSkew = d;
  }

  @JsonProperty
  public Duration getBundleRefreshInterval() {
    return bundleRefreshInterval;
  }

  @JsonProperty
  public void setBundleRefreshInterval(Duration d) {
    this.bundleRefreshInterval = d;
  }

  @JsonProperty
  public Duration getCaPublishLead() {
    return caPublishLead;
  }

  @JsonProperty
  public void setCaPublishLead(Duration d) {
    this.caPublishLead = d;
  }

  @JsonProperty
  public Duration getInvitationTtl() {
    return invitationTtl;
  }

  @JsonProperty
  public void setInvitationTtl(Duration d) {
    this.invitationTtl = d;
  }

  @JsonProperty
  public int getDefaultPartnerRateLimit() {
    return defaultPartnerRateLimit;
  }

  @JsonProperty
  public void setDefaultPartnerRateLimit(int n) {
    this.defaultPartnerRateLimit = n;
  }

  @JsonProperty
  public Duration getAvailabilityDeadline() {
    return availabilityDeadline;
  }

  @JsonProperty
  public void setAvailabilityDeadline(Duration d) {
    this.availabilityDeadline = d;
  }

  @JsonProperty
  public int getAvailabilityInFlight() {
    return availabilityInFlight;
  }

  @JsonProperty
  public void setAvailabilityInFlight(int n) {
    this.availabilityInFlight = n;
  }

  @JsonProperty
  public int getAvailabilityInFlightMax() {
    return availabilityInFlightMax;
  }

  @JsonProperty
  public void setAvailabilityInFlightMax(int n) {
    this.availabilityInFlightMax = n;
  }

  /** The adaptive bulkhead's ceiling: the maximum, or the fixed size when none is set. */
  public int effectiveAvailabilityInFlightMax() {
    return availabilityInFlightMax == 0 ? availabilityInFlight : availabilityInFlightMax;
  }

  /** What is wrong with these settings beyond single values, each as a sentence (empty: none). */
  public java.util.List<String> problems() {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (availabilityInFlightMax != 0 && availabilityInFlightMax < availabilityInFlight) {
      out.add(
          "federation.availabilityInFlightMax ("
              + availabilityInFlightMax
              + ") is below federation.availabilityInFlight ("
              + availabilityInFlight
              + "): set it above, or to 0 for a fixed limit");
    }
    return out;
  }

  /** The enrolment port to bind: configured, or federation port + 1 (0 stays 0). */
  public int effectiveEnrollmentPort() {
    if (enrollmentPort >= 0) {
      return enrollmentPort;
    }
    return getPort() == 0 ? 0 : getPort() + 1;
  }

  @JsonProperty
  public String getKeyPassphrase() {
    return keyPassphrase;
  }

  @JsonProperty
  public void setKeyPassphrase(String keyPassphrase) {
    this.keyPassphrase = keyPassphrase == null ? "" : keyPassphrase;
  }

  @JsonProperty
  public String getKeyPassphraseFile() {
    return keyPassphraseFile;
  }

  @JsonProperty
  public void setKeyPassphraseFile(String keyPassphraseFile) {
    this.keyPassphraseFile = keyPassphraseFile == null ? "" : keyPassphraseFile.trim();
  }

  /**
   * The configured passphrase: {@code keyPassphrase}, else the first line of {@code
   * keyPassphraseFile}, else empty (dev mode then generates one under the data directory).
   *
   * @throws java.io.UncheckedIOException if the passphrase file cannot be read
   */
  public String resolveKeyPassphrase() {
    if (!keyPassphrase.isBlank()) {
      return keyPassphrase;
    }
    if (keyPassphraseFile.isBlank()) {
      return "";
    }
    try {
      String text =
          java.nio.file.Files.readString(
              java.nio.file.Path.of(keyPassphraseFile), java.nio.charset.StandardCharsets.UTF_8);
      return text.lines().findFirst().orElse("").strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot read the key passphrase file " + keyPassphraseFile, e);
    }
  }

  @Override
  public String toString() {
    return "FederationConfig{bindHost="
        + getBindHost()
        + ", port="
        + getPort()
        + ", keyPassphrase=***}";
  }
}
