package io.eventkit.node.platform.api.connect;

import io.grpc.Status;

/** gRPC status codes to Connect error codes and HTTP statuses (connectrpc.com protocol spec). */
final class ConnectCodes {
  private ConnectCodes() {}

  static String name(Status.Code code) {
    return switch (code) {
      case OK -> "ok";
      case CANCELLED -> "canceled";
      case UNKNOWN -> "unknown";
      case INVALID_ARGUMENT -> "invalid_argument";
      case DEADLINE_EXCEEDED -> "deadline_exceeded";
      case NOT_FOUND -> "not_found";
      case ALREADY_EXISTS -> "already_exists";
      case PERMISSION_DENIED -> "permission_denied";
      case RESOURCE_EXHAUSTED -> "resource_exhausted";
      case FAILED_PRECONDITION -> "failed_precondition";
      case ABORTED -> "aborted";
      case OUT_OF_RANGE -> "out_of_range";
      case UNIMPLEMENTED -> "unimplemented";
      case INTERNAL -> "internal";
      case UNAVAILABLE -> "unavailable";
      case DATA_LOSS -> "data_loss";
      case UNAUTHENTICATED -> "unauthenticated";
    };
  }

  static int httpStatus(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 499;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case UNAUTHENTICATED -> 401;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
    };
  }

  /**
   * The Connect code for an HTTP error the node produces outside a call (Jetty, routing, the
   * protocol layer): the code whose HTTP status it is, or the closest one.
   */
  static String forHttpStatus(int status) {
    return switch (status) {
      case 400, 411, 415 -> "invalid_argument";
      case 401 -> "unauthenticated";
      case 403 -> "permission_denied";
      case 404 -> "not_found";
      case 405, 501 -> "unimplemented";
      case 408, 504 -> "deadline_exceeded";
      case 409 -> "aborted";
      case 413, 414, 429, 431, 507 -> "resource_exhausted";
      case 499 -> "canceled";
      case 503 -> "unavailable";
      case 500 -> "internal";
      default -> status >= 400 && status < 500 ? "failed_precondition" : "unknown";
    };
  }

  /** A Connect error body: {@code {"code": ..., "message": ..., "errorId": ...}}. */
  static byte[] errorBody(String code, String message, String errorId) {
    java.io.StringWriter w = new java.io.StringWriter();
    try (com.fasterxml.jackson.core.JsonGenerator g =
        new com.fasterxml.jackson.core.JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("code", code);
      if (message != null && !message.isEmpty()) {
        g.writeStringField("message", message);
      }
      if (errorId != null) {
        g.writeStringField("errorId", errorId);
      }
      g.writeEndObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
