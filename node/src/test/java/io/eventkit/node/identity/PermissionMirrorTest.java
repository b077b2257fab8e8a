package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.platform.api.grpc.PermissionProtos;
import io.eventkit.proto.v1.Permission;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's Permission enum is access.proto's, one to one, in the same order. */
class PermissionMirrorTest {
  @Test
  void kernelPermissionsMirrorTheProtoEnum() {
    List<String> proto =
        Arrays.stream(Permission.values())
            .filter(p -> p != Permission.UNRECOGNIZED && p != Permission.PERMISSION_UNSPECIFIED)
            .map(p -> p.name().substring("PERMISSION_".length()))
            .toList();
    List<String> kernel =
        Arrays.stream(io.eventkit.node.kernel.Permission.values()).map(Enum::name).toList();
    assertThat(kernel).isEqualTo(proto);
    for (io.eventkit.node.kernel.Permission k : io.eventkit.node.kernel.Permission.values()) {
      assertThat(PermissionProtos.toProto(k).getNumber()).isEqualTo(k.ordinal() + 1);
      assertThat(PermissionProtos.toKernel(PermissionProtos.toProto(k))).isEqualTo(k);
    }
  }
}
