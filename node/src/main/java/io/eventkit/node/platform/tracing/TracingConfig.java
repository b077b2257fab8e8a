package io.eventkit.node.platform.tracing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config {@code tracing} (docs/operations.md, "Tracing"): with an OTLP endpoint, spans of every RPC
 * (local API, federation, calls to partners, sub-hire messages) are exported over OTLP/HTTP
 * (protobuf). Empty: nothing is recorded or sent, but a caller's W3C {@code traceparent} is still
 * passed on to partners and shows in the logs.
 */
public class TracingConfig {
  private String endpoint = "";
  private Map<String, String> headers = new LinkedHashMap<>();
  private double sampleRatio = 1.0;
  private Duration exportDelay = Duration.seconds(5);
  private Duration exportTimeout = Duration.seconds(10);

  /** The collector's traces URL, e.g. {@code http://otel-collector:4318/v1/traces}. */
  @JsonProperty
  public String getEndpoint() {
    return endpoint;
  }

  @JsonProperty
  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint == null ? "" : endpoint.trim();
  }

  /** Sent with every export (a collector's API key, for instance): never logged. */
  @JsonProperty
  public Map<String, String> getHeaders() {
    return headers;
  }

  @JsonProperty
  public void setHeaders(Map<String, String> headers) {
    this.headers = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
  }

  /**
   * The share of new traces recorded (0–1). A call that arrives with a sampled parent is recorded
   * whatever this says, so a trace is never cut at a node boundary.
   */
  @JsonProperty
  public double getSampleRatio() {
    return sampleRatio;
  }

  @JsonProperty
  public void setSampleRatio(double sampleRatio) {
    this.sampleRatio = sampleRatio;
  }

  /** How long finished spans wait to be sent in a batch. */
  @JsonProperty
  public Duration getExportDelay() {
    return exportDelay;
  }

  @JsonProperty
  public void setExportDelay(Duration exportDelay) {
    this.exportDelay = exportDelay;
  }

  @JsonProperty
  public Duration getExportTimeout() {
    return exportTimeout;
  }

  @JsonProperty
  public void setExportTimeout(Duration exportTimeout) {
    this.exportTimeout = exportTimeout;
  }

  public boolean enabled() {
    return !endpoint.isEmpty();
  }

  /** Settings that would stop the node, as sentences naming the setting (empty when fine). */
  public java.util.List<String> problems() {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      out.add("tracing.sampleRatio must be between 0 and 1, got " + sampleRatio);
    }
    if (enabled()) {
      try {
        java.net.URI uri = new java.net.URI(endpoint);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          out.add(
              "tracing.endpoint must be an http(s) URL such as"
                  + " http://otel-collector:4318/v1/traces, got '"
                  + endpoint
                  + "'");
        }
      } catch (java.net.URISyntaxException e) {
        out.add("tracing.endpoint is not a URL: " + e.getMessage());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    // Headers may hold a collector's key: never printed.
    return "TracingConfig[" + (enabled() ? endpoint : "off") + ", ratio " + sampleRatio + "]";
  }
}
