package io.eventkit.node.platform.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import build.buf.validate.FieldRules;
import build.buf.validate.Rule;
import build.buf.validate.ValidateProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule that is itself wrong is the node's fault, never the client's. */
class ProtoRulesFailuresTest {
  /** A message {@code test.Probe} with one int32 field {@code n} carrying a CEL rule. */
  private static Descriptor probe(String expression) throws Exception {
    FieldOptions options =
        FieldOptions.newBuilder()
            .setExtension(
                ValidateProto.field,
                FieldRules.newBuilder()
                    .addCel(
                        Rule.newBuilder()
                            .setId("probe")
                            .setMessage("must pass the probe")
                            .setExpression(expression))
                    .build())
            .build();
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("test/probe.proto")
            .setPackage("test")
            .setSyntax("proto3")
            .addDependency("buf/validate/validate.proto")
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("Probe")
                    .addField(
                        FieldDescriptorProto.newBuilder()
                            .setName("n")
                            .setNumber(1)
                            .setType(FieldDescriptorProto.Type.TYPE_INT32)
                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                            .setOptions(options)))
            .build();
    return FileDescriptor.buildFrom(file, new FileDescriptor[] {ValidateProto.getDescriptor()})
        .findMessageTypeByName("Probe");
  }

  private static DynamicMessage withN(Descriptor d, int n) {
    return DynamicMessage.newBuilder(d).setField(d.findFieldByName("n"), n).build();
  }

  @Test
  void aRuleThatDoesNotCompileStopsTheStart() throws Exception {
    Descriptor d = probe("this +");
    assertThatThrownBy(() -> ProtoRules.compile(List.of(d)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("do not compile");
  }

  @Test
  void aRuleThatFailsToEvaluateIsInternalNotInvalidArgument() throws Exception {
    Descriptor d = probe("100 / this > 1");
    ProtoRules rules = ProtoRules.compile(List.of(d));
    Throwable t = catchThrowable(() -> rules.check(withN(d, 0)));
    assertThat(t).isInstanceOf(IllegalStateException.class).isNotInstanceOf(DomainException.class);
    ErrorMapper.Mapped mapped = ErrorMapper.map(t, "test.Probe/Call");
    assertThat(mapped.status().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(mapped.trailers().get(ErrorMapper.ERROR_ID)).isNotBlank();
  }

  @Test
  void aRuleThatIsBrokenIsAFieldViolation() throws Exception {
    Descriptor d = probe("100 / this > 1");
    ProtoRules rules = ProtoRules.compile(List.of(d));
    rules.check(withN(d, 10));
    DomainException e = (DomainException) catchThrowable(() -> rules.check(withN(d, 200)));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(e.violations())
        .containsExactly(new DomainException.FieldViolation("n", "must pass the probe"));
    assertThat(e.getMessage()).isEqualTo("invalid request: n must pass the probe");
  }
}
