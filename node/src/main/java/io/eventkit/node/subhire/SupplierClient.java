package io.eventkit.node.subhire;

import io.eventkit.node.federation.channels.PartnerCalls;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.proto.v1.FederationSubHireServiceGrpc;
import io.eventkit.proto.v1.GetNegotiationStateRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The borrower's call to a supplier for its current view of a negotiation (resync). */
final class SupplierClient {
  private final PartnerChannels channels;
  private final Duration deadline;

  SupplierClient(PartnerChannels channels, Duration deadline) {
    this.channels = channels;
    this.deadline = deadline;
  }

  /** The supplier's current snapshot; partner failures become errors a person can act on. */
  Snapshot snapshot(Negotiation n) {
    try {
      return Wire.snapshot(
          FederationSubHireServiceGrpc.newBlockingStub(channels.channel(n.partner()).channel())
              .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .getNegotiationState(
                  GetNegotiationStateRequest.newBuilder()
                      .setNegotiationId(n.id().toString())
                      .build()),
          n.id(),
          n.partner());
    } catch (io.grpc.StatusRuntimeException e) {
      PartnerCalls.Failure f = PartnerCalls.classify(e);
      String why = f.summary();
      if (f.notFound()) {
        throw DomainException.notFound(
            n.partner() + " does not know negotiation " + n.id() + " (" + why + ")");
      }
      throw new DomainException(
          ErrorCode.UNAVAILABLE,
          "cannot reach " + n.partner() + " to resynchronise (" + why + "); try again later");
    }
  }
}
