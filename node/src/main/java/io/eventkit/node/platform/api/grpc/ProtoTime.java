package io.eventkit.node.platform.api.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Instants to and from protobuf Timestamps, for the gRPC adapters. */
public final class ProtoTime {
  private ProtoTime() {}

  public static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  public static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
