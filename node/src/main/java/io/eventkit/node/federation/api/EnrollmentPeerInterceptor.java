package io.eventkit.node.federation.api;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;

/**
 * Guards the enrolment listener: a tight global rate limit (invitation secrets are 256-bit, so this
 * is about load, not guessing) and the caller's address for the audit log.
 */
final class EnrollmentPeerInterceptor implements ServerInterceptor {
  private final RateLimiter limiter;

  public EnrollmentPeerInterceptor(int callsPerSecond) {
    this.limiter =
        RateLimiter.of(
            "enrollment",
            RateLimiterConfig.custom()
                .limitForPeriod(callsPerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!limiter.acquirePermission()) {
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "too many enrolment attempts; retry in a few seconds"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    String address =
        io.eventkit.node.platform.api.grpc.CallerAddress.format(
            call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    return Contexts.interceptCall(
        Context.current().withValue(EnrollmentGrpcService.PEER, address), call, headers, next);
  }
}
