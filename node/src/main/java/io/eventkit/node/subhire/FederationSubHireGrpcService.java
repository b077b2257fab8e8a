package io.eventkit.node.subhire;

import io.eventkit.node.federation.api.FederationMethods;
import io.eventkit.node.federation.api.FederationPeer;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.proto.v1.FederationSubHireServiceGrpc;
import io.eventkit.proto.v1.GetNegotiationStateRequest;
import io.eventkit.proto.v1.NegotiationSnapshot;
import io.eventkit.proto.v1.SubHireAck;
import io.eventkit.proto.v1.SubHireEnvelope;
import io.grpc.stub.StreamObserver;

/**
 * The partner-facing sub-hire protocol (§17.3), on the federation mTLS port: maps the messages to
 * {@link MessageReceiver} and back.
 */
final class FederationSubHireGrpcService
    extends FederationSubHireServiceGrpc.FederationSubHireServiceImplBase {
  private final MessageReceiver receiver;

  FederationSubHireGrpcService(MessageReceiver receiver) {
    this.receiver = receiver;
  }

  /**
   * All three need only an ACTIVE partner at the transport: requests and acceptances check
   * SUBHIRE_REQUEST when applied, so a downgraded borrower can still cancel and return (§17.7).
   */
  static void register(FederationMethods methods) {
    methods
        .require(FederationSubHireServiceGrpc.getOrderMethod().getFullMethodName(), TrustLevel.NONE)
        .require(
            FederationSubHireServiceGrpc.getRespondMethod().getFullMethodName(), TrustLevel.NONE)
        .require(
            FederationSubHireServiceGrpc.getGetNegotiationStateMethod().getFullMethodName(),
            TrustLevel.NONE);
  }

  @Override
  public void order(SubHireEnvelope r, StreamObserver<SubHireAck> out) {
    Partner caller = FederationPeer.current().partner();
    out.onNext(Wire.ack(receiver.receive(Wire.incoming(Outbox.Method.ORDER, r), caller)));
    out.onCompleted();
  }

  @Override
  public void respond(SubHireEnvelope r, StreamObserver<SubHireAck> out) {
    Partner caller = FederationPeer.current().partner();
    out.onNext(Wire.ack(receiver.receive(Wire.incoming(Outbox.Method.RESPOND, r), caller)));
    out.onCompleted();
  }

  @Override
  public void getNegotiationState(
      GetNegotiationStateRequest r, StreamObserver<NegotiationSnapshot> out) {
    Partner caller = FederationPeer.current().partner();
    out.onNext(
        Wire.snapshot(receiver.state(Wire.uuid(r.getNegotiationId(), "negotiation_id"), caller)));
    out.onCompleted();
  }
}
