package io.eventkit.node.platform.api.grpc;

import io.eventkit.ca.CaException;
import io.eventkit.node.kernel.DomainException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into gRPC statuses (and, through the Connect servlet, into
 * Connect codes). Domain exceptions keep their message; anything unexpected becomes INTERNAL with
 * an error ID that is logged with the stack trace and returned to the client, never the trace.
 */
public final class ErrorMapper {
  /** Trailer carrying the error ID of an INTERNAL failure. */
  public static final Metadata.Key<String> ERROR_ID =
      Metadata.Key.of("eventkit-error-id", Metadata.ASCII_STRING_MARSHALLER);

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  /** A status plus the trailers that go with it. */
  public record Mapped(Status status, Metadata trailers) {}

  public static Mapped map(Throwable t, String method) {
    Metadata trailers = new Metadata();
    if (t instanceof StatusRuntimeException sre) {
      return new Mapped(sre.getStatus(), trailers);
    }
    if (t instanceof StatusException se) {
      return new Mapped(se.getStatus(), trailers);
    }
    if (t instanceof DomainException de) {
      return new Mapped(toStatus(de), trailers);
    }
    if (t instanceof CaException ce && caStatus(ce) != null) {
      return new Mapped(caStatus(ce).withDescription(ce.getMessage()), trailers);
    }
    Throwable database = databaseUnavailable(t);
    if (database != null) {
      LOG.warn("{}: the database is unavailable ({})", method, database.toString());
      return new Mapped(
          Status.UNAVAILABLE.withDescription(
              "the database is unavailable; retry in a few seconds (the node reconnects by"
                  + " itself when it is back)"),
          trailers);
    }
    String errorId = UUID.randomUUID().toString();
    LOG.error("unexpected failure in {} (error id {})", method, errorId, t);
    trailers.put(ERROR_ID, errorId);
    return new Mapped(
        Status.INTERNAL.withDescription(
            "internal error; quote error id " + errorId + " when reporting it"),
        trailers);
  }

  /**
   * The cause that shows the database cannot be reached (connection refused or lost, server
   * shutting down or starting), or null. Such failures are retryable: UNAVAILABLE, not INTERNAL.
   */
  static Throwable databaseUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.jdbi.v3.core.ConnectionException
          || c instanceof java.sql.SQLTransientConnectionException
          || c instanceof java.sql.SQLNonTransientConnectionException
          || c instanceof java.net.ConnectException) {
        return c;
      }
      if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now.
        if (state.startsWith("08") || state.startsWith("57P0")) {
          return c;
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** Certificate-authority refusals; null for failures that are the node's own fault. */
  static Status caStatus(CaException e) {
    return switch (e.reason()) {
      case INVALID_STATE_TRANSITION, TOO_EARLY, EXPIRED, NOT_YET_VALID, UNTRUSTED_ISSUER, REVOKED ->
          Status.FAILED_PRECONDITION;
      case MALFORMED_PEM,
          MALFORMED_BUNDLE,
          INVALID_ARGUMENT,
          BAD_CSR_SIGNATURE,
          CA_REQUESTED,
          SAN_MISSING,
          SAN_MISMATCH,
          LIFETIME_TOO_LONG,
          WEAK_KEY,
          NAME_CONSTRAINT_VIOLATION,
          WRONG_TRUST_DOMAIN,
          BAD_IDENTITY,
          WRONG_IDENTITY,
          WRONG_KEY_PURPOSE,
          INVALID_CHAIN ->
          Status.INVALID_ARGUMENT;
      default -> null;
    };
  }

  static Status toStatus(DomainException e) {
    Status base =
        switch (e.code()) {
          case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
          case NOT_FOUND -> Status.NOT_FOUND;
          case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
          case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
          case ABORTED -> Status.ABORTED;
          case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
          case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
          case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
          case UNAVAILABLE -> Status.UNAVAILABLE;
          case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
        };
    return base.withDescription(e.getMessage());
  }
}
