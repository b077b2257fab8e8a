package io.eventkit.node.api.connect;

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
}
