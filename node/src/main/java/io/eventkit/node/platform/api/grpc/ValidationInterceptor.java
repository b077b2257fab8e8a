package io.eventkit.node.platform.api.grpc;

import com.google.protobuf.Message;
import io.eventkit.node.kernel.DomainException;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the {@link InputPolicy} (and its normalization) to each request message, then the field
 * rules of the proto files ({@link ProtoRules}) to the normalized message (so " " is empty for a
 * rule), then the registered validator; failures surface via recovery.
 */
final class ValidationInterceptor implements ServerInterceptor {
  private final ProtoRules rules;
  private final RequestValidators validators;

  ValidationInterceptor(ProtoRules rules, RequestValidators validators) {
    this.rules = rules;
    this.validators = validators;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onMessage(Q message) {
        Q normalized = InputPolicy.apply(message);
        List<DomainException.FieldViolation> broken =
            normalized instanceof Message m ? rules.violations(m) : List.of();
        try {
          validators.validate(normalized);
        } catch (DomainException e) {
          // One answer with every problem, whether a rule or the feature's validator found it.
          if (broken.isEmpty()) {
            throw e;
          }
          List<DomainException.FieldViolation> all = new ArrayList<>(broken);
          all.addAll(e.violations());
          ProtoRules.throwAll(all);
        }
        if (!broken.isEmpty()) {
          ProtoRules.throwAll(broken);
        }
        super.onMessage(normalized);
      }
    };
  }
}
