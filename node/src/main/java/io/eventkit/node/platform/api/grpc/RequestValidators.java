package io.eventkit.node.platform.api.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The validation hook: features register a validator per request message type; the validation
 * interceptor runs it before the service sees the message. A validator throws a {@link
 * io.eventkit.node.kernel.DomainException} (usually via {@link
 * io.eventkit.node.kernel.Validation}).
 */
public final class RequestValidators {
  private final Map<Descriptors.Descriptor, Consumer<Message>> validators = new HashMap<>();

  @SuppressWarnings("unchecked")
  public <T extends Message> RequestValidators register(T prototype, Consumer<T> validator) {
    validators.put(prototype.getDescriptorForType(), m -> validator.accept((T) m));
    return this;
  }

  void validate(Object message) {
    if (message instanceof Message m) {
      Consumer<Message> v = validators.get(m.getDescriptorForType());
      if (v != null) {
        v.accept(m);
      }
    }
  }
}
