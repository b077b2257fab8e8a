package io.eventkit.node.kernel;

/**
 * The failure classes a domain operation can report. Each maps to exactly one gRPC status code (and
 * so one Connect code) in {@link io.eventkit.node.platform.api.grpc.ErrorMapper}.
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
