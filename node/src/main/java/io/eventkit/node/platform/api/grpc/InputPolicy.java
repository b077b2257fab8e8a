package io.eventkit.node.platform.api.grpc;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.eventkit.node.kernel.TextPolicy;
import io.eventkit.node.kernel.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The field-type rules every request of the local API passes before its feature validator, walked
 * generically over the message's descriptor (so new RPCs and fields are covered by construction):
 * strings follow {@link TextPolicy} (and are replaced by their trimmed form), every {@code
 * google.protobuf.Timestamp} lies in [{@value #MIN_TIME}, {@value #MAX_TIME}] with nanos in [0, 999
 * 999 999], every {@code Money.minor_units} is within ±{@value #MAX_MINOR_UNITS}, and every enum
 * value is one the schema defines. All violations are reported together as one INVALID_ARGUMENT.
 */
final class InputPolicy {
  static final String MIN_TIME = "1970-01-01T00:00:00Z";
  static final String MAX_TIME = "9999-12-31T23:59:59.999999999Z";
  private static final long MIN_SECONDS = Instant.parse(MIN_TIME).getEpochSecond();
  private static final long MAX_SECONDS = Instant.parse(MAX_TIME).getEpochSecond();

  /**
   * Bound of every {@code Money.minor_units} (10 billion in a two-decimal currency), so that sums
   * and unit price × quantity stay far from overflowing a long.
   */
  public static final long MAX_MINOR_UNITS = 1_000_000_000_000L;

  private InputPolicy() {}

  /** The normalized request, or a DomainException(INVALID_ARGUMENT) listing every violation. */
  @SuppressWarnings("unchecked")
  public static <T> T apply(T request) {
    if (!(request instanceof Message m)) {
      return request;
    }
    Validation v = new Validation();
    Message out = walk(m, "", v);
    v.throwIfInvalid();
    return (T) out;
  }

  private static Message walk(Message m, String prefix, Validation v) {
    if (m instanceof Timestamp t) {
      checkTimestamp(
          t, prefix.isEmpty() ? "timestamp" : prefix.substring(0, prefix.length() - 1), v);
      return m;
    }
    if (m instanceof io.eventkit.proto.v1.Money money) {
      long units = money.getMinorUnits();
      v.check(
          units >= -MAX_MINOR_UNITS && units <= MAX_MINOR_UNITS,
          prefix + "minor_units",
          "must be at most " + MAX_MINOR_UNITS + " in absolute value (was " + units + ")");
    }
    Message.Builder changed = null;
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor fd = e.getKey();
      String name = prefix + fd.getName();
      if (fd.isRepeated()) {
        List<?> values = (List<?>) e.getValue();
        for (int i = 0; i < values.size(); i++) {
          Object before = values.get(i);
          Object after = value(fd, before, name + "[" + i + "]", v);
          if (after != before) {
            changed = changed == null ? m.toBuilder() : changed;
            changed.setRepeatedField(fd, i, after);
          }
        }
      } else {
        Object before = e.getValue();
        Object after = value(fd, before, name, v);
        if (after != before) {
          changed = changed == null ? m.toBuilder() : changed;
          changed.setField(fd, after);
        }
      }
    }
    return changed == null ? m : changed.build();
  }

  private static Object value(FieldDescriptor fd, Object value, String name, Validation v) {
    switch (fd.getJavaType()) {
      case STRING -> {
        String s = (String) value;
        TextPolicy.Kind kind = TextPolicy.kindOf(fd.getFullName(), fd.getName());
        String normalized = TextPolicy.normalize(s, kind);
        String problem = TextPolicy.problem(normalized, kind);
        v.check(problem == null, name, problem);
        return normalized.equals(s) ? value : normalized;
      }
      case MESSAGE -> {
        return walk((Message) value, name + ".", v);
      }
      case ENUM -> {
        EnumValueDescriptor ev = (EnumValueDescriptor) value;
        v.check(
            fd.getEnumType().findValueByNumber(ev.getNumber()) != null,
            name,
            "has the unknown value "
                + ev.getNumber()
                + "; expected one of "
                + fd.getEnumType().getValues().stream()
                    .filter(x -> x.getNumber() != 0)
                    .map(EnumValueDescriptor::getName)
                    .toList());
        return value;
      }
      default -> {
        return value;
      }
    }
  }

  private static void checkTimestamp(Timestamp t, String name, Validation v) {
    v.check(
        t.getNanos() >= 0 && t.getNanos() <= 999_999_999,
        name + ".nanos",
        "must be between 0 and 999999999 (was " + t.getNanos() + ")");
    v.check(
        t.getSeconds() >= MIN_SECONDS && t.getSeconds() <= MAX_SECONDS,
        name,
        "must be between "
            + MIN_TIME
            + " and "
            + MAX_TIME
            + " (seconds was "
            + t.getSeconds()
            + ")");
  }
}
