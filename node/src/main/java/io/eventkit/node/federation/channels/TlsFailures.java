package io.eventkit.node.federation.channels;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns a failed outbound call's transport error (TLS alerts, refused certificates, refused
 * connections) into a message that names the failed check, for admins and logs, without library
 * internals (no pipeline names, no stack). Classification is by exception type and by the TLS alert
 * name in the message, so any {@link CertificateException} raised by a trust manager (bundle
 * validation, identity checks) passes through with its own message.
 */
final class TlsFailures {
  /** What failed. */
  public enum Kind {
    /** The partner refused our client certificate as revoked: it has revoked this node. */
    REVOKED_BY_PARTNER,
    /** The partner refused our client certificate for another reason. */
    OUR_CERTIFICATE_REFUSED,
    /** We refused the partner's server certificate. */
    PARTNER_CERTIFICATE_REFUSED,
    /** The TLS handshake failed otherwise. */
    HANDSHAKE,
    /** No TCP connection (refused, unknown host, no route). */
    CONNECT
  }

  public record Failure(Kind kind, String message) {}

  private TlsFailures() {}

  /** Null when {@code status} is not a transport failure this class recognises. */
  public static Failure classify(String partnerId, String endpoint, Status status) {
    if (status.getCode() == Status.Code.PERMISSION_DENIED
        && "partner revoked".equals(status.getDescription())) {
      return new Failure(
          Kind.REVOKED_BY_PARTNER, "partner revoked: " + partnerId + " has revoked this node");
    }
    if (status.getCode() != Status.Code.UNAVAILABLE) {
      return null;
    }
    Failure f = status.getCause() == null ? null : classify(partnerId, endpoint, status.getCause());
    String d = status.getDescription() == null ? "" : status.getDescription();
    if (f == null && d.contains("Connection closed while performing")) {
      // grpc-netty's words when the peer hangs up before TLS completes (e.g. a proxy or load
      // balancer in front of a stopped node).
      f =
          new Failure(
              Kind.HANDSHAKE,
              "the connection to "
                  + partnerId
                  + " at "
                  + endpoint
                  + " was closed before the TLS handshake completed (is its federation port"
                  + " up?)");
    }
    return f;
  }

  /** Null when nothing in {@code t}'s cause chain is a TLS or connection failure. */
  public static Failure classify(String partnerId, String endpoint, Throwable t) {
    SSLException ssl = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CertificateException ce) {
        return new Failure(
            Kind.PARTNER_CERTIFICATE_REFUSED,
            "TLS to "
                + partnerId
                + " at "
                + endpoint
                + " refused: the partner's certificate was not accepted: "
                + firstLine(ce.getMessage()));
      }
      if (c instanceof SSLException s && ssl == null) {
        ssl = s;
      }
      if (c instanceof ConnectException
          || c instanceof UnknownHostException
          || c instanceof NoRouteToHostException) {
        return new Failure(
            Kind.CONNECT,
            "cannot connect to "
                + partnerId
                + " at "
                + endpoint
                + ": "
                + (c instanceof UnknownHostException
                    ? "unknown host"
                    : c instanceof NoRouteToHostException
                        ? "no route to host"
                        : "connection refused"));
      }
    }
    if (ssl == null) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof java.io.IOException io) {
          // grpc's "io exception" says nothing: name the connection and the OS's reason.
          return new Failure(
              Kind.CONNECT,
              "the connection to "
                  + partnerId
                  + " at "
                  + endpoint
                  + " failed: "
                  + (io.getMessage() == null
                      ? io.getClass().getSimpleName()
                      : firstLine(io.getMessage())));
        }
      }
      return null;
    }
    String text = allMessages(t).toLowerCase(Locale.ROOT);
    String who = partnerId + " at " + endpoint;
    if (text.contains("certificate_revoked")) {
      return new Failure(
          Kind.REVOKED_BY_PARTNER,
          who
              + " refused this node's client certificate as revoked (TLS alert certificate_revoked): "
              + partnerId
              + " has revoked this node");
    }
    if (text.contains("unknown_ca")) {
      return new Failure(
          Kind.OUR_CERTIFICATE_REFUSED,
          who
              + " does not trust the CA of this node's client certificate (TLS alert unknown_ca):"
              + " the certificate was not issued by "
              + partnerId);
    }
    if (text.contains("certificate_expired")) {
      return new Failure(
          Kind.OUR_CERTIFICATE_REFUSED,
          who
              + " refused this node's client certificate as expired (TLS alert"
              + " certificate_expired): renew it, or check both clocks");
    }
    if (text.contains("certificate_required")) {
      return new Failure(
          Kind.OUR_CERTIFICATE_REFUSED,
          who
              + " requires a client certificate and none was sent (TLS alert certificate_required)");
    }
    if (text.contains("unsupported_certificate")) {
      return new Failure(
          Kind.OUR_CERTIFICATE_REFUSED,
          who
              + " refused this node's client certificate: wrong key purpose (TLS alert"
              + " unsupported_certificate)");
    }
    if (text.contains("bad_certificate")) {
      return new Failure(
          Kind.OUR_CERTIFICATE_REFUSED,
          who + " refused this node's client certificate (TLS alert bad_certificate)");
    }
    return new Failure(
        Kind.HANDSHAKE, "TLS handshake with " + who + " failed: " + alertOrMessage(text, ssl));
  }

  /**
   * The description to show for a failed call: the classified message, or the status description
   * without library internals.
   */
  public static String describe(String partnerId, String endpoint, Status status) {
    Failure f = classify(partnerId, endpoint, status);
    if (f != null) {
      return f.message();
    }
    return clean(status.getDescription());
  }

  /** A status description without grpc-netty's pipeline listing and without extra lines. */
  public static String clean(String description) {
    if (description == null) {
      return "";
    }
    String d = description;
    int pipeline = d.indexOf("Channel Pipeline");
    if (pipeline >= 0) {
      d = d.substring(0, pipeline);
    }
    return firstLine(d).strip();
  }

  private static String alertOrMessage(String lowerText, SSLException ssl) {
    for (String alert :
        new String[] {"handshake_failure", "internal_error", "protocol_version", "decrypt_error"}) {
      if (lowerText.contains(alert)) {
        return "TLS alert " + alert;
      }
    }
    return firstLine(ssl.getMessage() == null ? ssl.getClass().getSimpleName() : ssl.getMessage());
  }

  private static String allMessages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(' ').append(c.getMessage());
    }
    return b.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
