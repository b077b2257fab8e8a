package io.eventkit.node.federation.channels;

import io.eventkit.node.kernel.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import javax.net.ssl.SSLException;

/**
 * The one classifier of failed calls to partners. Every federation client path (the availability
 * fan-out, asset resolution, the handshake, trust administration, the sub-hire relay) turns a
 * failed call into a {@link Failure} here and decides by its {@link Kind} and {@link Retry}, so a
 * status means the same thing on every path.
 */
public final class PartnerCalls {
  /** What went wrong, from this node's point of view. */
  public enum Kind {
    /** Our deadline passed before the answer came ({@code DEADLINE_EXCEEDED}). */
    DEADLINE,
    /**
     * The partner could not be reached: no connection, a failed TLS handshake, the partner down
     * ({@code UNAVAILABLE}), or no channel to it could be built.
     */
    UNAVAILABLE,
    /**
     * The partner's trust check refused the call: not a partner there, wrong state, level too low,
     * method not open ({@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}).
     */
    REFUSED_BY_TRUST,
    /**
     * The partner has revoked this node: its trust check says "partner revoked", or its TLS stack
     * refused our certificate with the alert {@code certificate_revoked}.
     */
    REVOKED_BY_PARTNER,
    /**
     * The partner took the call and refused this request ({@code INVALID_ARGUMENT}, {@code
     * NOT_FOUND}, {@code ALREADY_EXISTS}, {@code FAILED_PRECONDITION}, {@code OUT_OF_RANGE}, {@code
     * RESOURCE_EXHAUSTED}, {@code ABORTED}).
     */
    REFUSED,
    /**
     * Anything else: the partner does not implement the method, failed internally, or sent an
     * answer that could not be read ({@code UNIMPLEMENTED}, {@code INTERNAL}, {@code UNKNOWN},
     * {@code CANCELLED}, {@code DATA_LOSS}).
     */
    PROTOCOL_ERROR
  }

  /** When the same request may be sent again (for senders that retry, like the sub-hire outbox). */
  public enum Retry {
    /**
     * Never: the partner will not accept this request as sent ({@code INVALID_ARGUMENT}, {@code
     * ALREADY_EXISTS}, {@code NOT_FOUND}, {@code UNIMPLEMENTED}, {@code OUT_OF_RANGE}).
     */
    NEVER,
    /**
     * Later, but the refusal concerns this request only, not the partner being reachable ({@code
     * PERMISSION_DENIED}: level too low or state; {@code FAILED_PRECONDITION}: out of sequence).
     */
    THIS_REQUEST_LATER,
    /** Later, once the partner is reachable again: back off every call to it. */
    PARTNER_LATER
  }

  /**
   * A classified failure. {@code description} is the status description without library internals
   * (first line, no pipeline listing; '' if none); a transport failure's description already names
   * the failed check (the channel's watcher, {@link TlsFailures}). {@code tls} is true when a TLS
   * exception is in the cause chain.
   */
  public record Failure(Kind kind, Retry retry, Status.Code code, String description, boolean tls) {
    /** "CODE: description", for stats, logs and stored errors. */
    public String summary() {
      return code + ": " + description;
    }

    /**
     * True when the partner's trust check answered (PERMISSION_DENIED or UNAUTHENTICATED, including
     * "partner revoked"), as opposed to a refusal at TLS or no answer at all.
     */
    public boolean answeredByTrustCheck() {
      return code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNAUTHENTICATED;
    }

    /** The partner does not know the thing asked about. */
    public boolean notFound() {
      return code == Status.Code.NOT_FOUND;
    }

    /** The partner does not implement the method (an older or other implementation). */
    public boolean unimplemented() {
      return code == Status.Code.UNIMPLEMENTED;
    }

    /**
     * The code to give our own caller when a partner refused a request made on its behalf: the
     * partner's refusal where a person can act on it, UNAVAILABLE otherwise.
     */
    public ErrorCode passedOn() {
      return switch (code) {
        case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
        case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
        case ALREADY_EXISTS -> ErrorCode.ALREADY_EXISTS;
        case FAILED_PRECONDITION -> ErrorCode.FAILED_PRECONDITION;
        case RESOURCE_EXHAUSTED -> ErrorCode.RESOURCE_EXHAUSTED;
        default -> ErrorCode.UNAVAILABLE;
      };
    }
  }

  private PartnerCalls() {}

  public static Failure classify(StatusRuntimeException e) {
    return classify(e.getStatus(), e);
  }

  /**
   * A failure before or around the call that is not a gRPC status (no channel: credentials missing,
   * a bundle that cannot be read): the partner cannot be reached now.
   */
  public static Failure classify(RuntimeException e) {
    if (e instanceof StatusRuntimeException s) {
      return classify(s);
    }
    return classify(Status.UNAVAILABLE.withDescription(e.getMessage()), e);
  }

  static Failure classify(Status status, Throwable thrown) {
    Status.Code code = status.getCode();
    String description = TlsFailures.clean(status.getDescription());
    boolean tls =
        causedBy(thrown, SSLException.class) || causedBy(status.getCause(), SSLException.class);
    TlsFailures.Failure transport = TlsFailures.classify("", "", status);
    Kind kind =
        transport != null && transport.kind() == TlsFailures.Kind.REVOKED_BY_PARTNER
            ? Kind.REVOKED_BY_PARTNER
            : switch (code) {
              case DEADLINE_EXCEEDED -> Kind.DEADLINE;
              case UNAVAILABLE -> Kind.UNAVAILABLE;
              case PERMISSION_DENIED, UNAUTHENTICATED -> Kind.REFUSED_BY_TRUST;
              case INVALID_ARGUMENT,
                  NOT_FOUND,
                  ALREADY_EXISTS,
                  FAILED_PRECONDITION,
                  OUT_OF_RANGE,
                  RESOURCE_EXHAUSTED,
                  ABORTED ->
                  Kind.REFUSED;
              default -> Kind.PROTOCOL_ERROR;
            };
    Retry retry =
        switch (code) {
          case INVALID_ARGUMENT, ALREADY_EXISTS, NOT_FOUND, UNIMPLEMENTED, OUT_OF_RANGE ->
              Retry.NEVER;
          case PERMISSION_DENIED, FAILED_PRECONDITION -> Retry.THIS_REQUEST_LATER;
          default -> Retry.PARTNER_LATER;
        };
    return new Failure(kind, retry, code, description, tls);
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
