package io.eventkit.node.common;

/**
 * The failure classes a domain operation can report. Each maps to exactly one gRPC status code (and
 * so one Connect code) in {@link io.eventkit.node.api.grpc.ErrorMapper}.
 */
public enum ErrorCode {
  INVALID_ARGUMENT,
  NOT_FOUND,
  ALREADY_EXISTS,
  FAILED_PRECONDITION,
  ABORTED,
  PERMISSION_DENIED,
  UNAUTHENTICATED,
  RESOURCE_EXHAUSTED,
  UNAVAILABLE,
  DEADLINE_EXCEEDED
}
