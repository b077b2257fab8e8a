package io.eventkit.node.platform.api.grpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Applies the {@link InputPolicy} (and its normalization) to each request message, then runs the
 * registered validator on the result; failures surface via recovery.
 */
final class ValidationInterceptor implements ServerInterceptor {
  private final RequestValidators validators;

  ValidationInterceptor(RequestValidators validators) {
    this.validators = validators;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onMessage(Q message) {
        Q normalized = InputPolicy.apply(message);
        validators.validate(normalized);
        super.onMessage(normalized);
      }
    };
  }
}
