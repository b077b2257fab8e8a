package io.eventkit.node.subhire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.proto.v1.SubHireAck;
import io.eventkit.proto.v1.SubHireChangeBody;
import io.eventkit.proto.v1.SubHireEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The messaging edge: domain messages to envelopes and back, with the header checked first. */
class WireTest {
  private static final UUID NEGOTIATION = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID MESSAGE = UUID.fromString("00000000-0000-4000-8000-000000000002");
  private static final Instant T = Instant.parse("2030-05-01T08:00:00Z");
  private static final Interval USAGE = new Interval(T, T.plusSeconds(86_400));

  private static Incoming roundTrip(Message m) throws Exception {
    byte[] bytes = Wire.envelope(m, NEGOTIATION, MESSAGE, 3, T);
    return Wire.incoming(m.method(), SubHireEnvelope.parseFrom(bytes));
  }

  @Test
  void eachOutgoingMessageIsReadBackAsTheSameDomainValues() throws Exception {
    UUID product = UUID.randomUUID();
    Negotiation.RequestDetails details =
        new Negotiation.RequestDetails(
            "Borrower Ltd", "Ann", "ann@b.test", "", "Festival", "F-1", USAGE, USAGE, "Hall", "");
    Incoming request =
        roundTrip(
            new Message.Request(
                details,
                List.of(
                    new Line(
                        1,
                        product.toString(),
                        UUID.randomUUID(),
                        "",
                        4,
                        new Money("EUR", 500),
                        null))));
    assertThat(request.method()).isEqualTo(Outbox.Method.ORDER);
    assertThat(request.negotiationId()).isEqualTo(NEGOTIATION);
    assertThat(request.messageId()).isEqualTo(MESSAGE);
    assertThat(request.sequence()).isEqualTo(3);
    assertThat(request.kind()).isEqualTo(Incoming.Kind.REQUEST);
    assertThat(request.body().requestDetails()).isEqualTo(details);
    assertThat(request.body().requestLines())
        .containsExactly(
            new Line(1, product.toString(), product, "", 4, new Money("EUR", 500), null));

    Change change = new Change(Map.of(product.toString(), 2), null, null, "later");
    Incoming changed = roundTrip(new Message.ChangeOrder(NegotiationState.QUOTED, change));
    assertThat(changed.kind()).isEqualTo(Incoming.Kind.CHANGE);
    assertThat(changed.body().change()).isEqualTo(change);

    assertThat(roundTrip(new Message.Accept(NegotiationState.QUOTED, 7)).body().quoteVersion())
        .isEqualTo(7);
    assertThat(roundTrip(new Message.Cancel(null, "rain")).body().cancelReason()).isEqualTo("rain");
    assertThat(roundTrip(new Message.ReturnGoods(null, "all back")).body().returnNote())
        .isEqualTo("all back");

    Snapshot snapshot =
        new Snapshot(
            NEGOTIATION,
            NegotiationState.DISPATCHED,
            5,
            List.of(new Line(0, product.toString(), null, "Par can", 4, null, null)),
            null,
            null,
            List.of(new ManifestEntry("B-1", "s.test/" + UUID.randomUUID(), "p", "Par can")),
            "",
            T,
            USAGE,
            USAGE,
            "",
            "Supplier");
    Incoming update = roundTrip(new Message.Update(snapshot));
    assertThat(update.method()).isEqualTo(Outbox.Method.RESPOND);
    assertThat(update.kind()).isEqualTo(Incoming.Kind.SNAPSHOT);
    assertThat(update.body().snapshot("s.test")).isEqualTo(snapshot);
  }

  @Test
  void theHeaderIsCheckedAtOnceButTheBodyOnlyWhenTheReceiverReachesIt() {
    // A malformed body must not hide a replay or an out-of-order sequence (§17.4): the receiver
    // answers those first, so decoding the body waits until it asks for it.
    SubHireEnvelope malformed =
        SubHireEnvelope.newBuilder()
            .setNegotiationId(NEGOTIATION.toString())
            .setMessageId(MESSAGE.toString())
            .setSequence(2)
            .setChange(SubHireChangeBody.newBuilder().putQuantities("p", 0))
            .build();
    Incoming in = Wire.incoming(Outbox.Method.ORDER, malformed);
    assertThat(in.kind()).isEqualTo(Incoming.Kind.CHANGE);
    assertThatThrownBy(() -> in.body().change())
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("change.quantities");

    assertThatThrownBy(
            () ->
                Wire.incoming(
                    Outbox.Method.RESPOND, malformed.toBuilder().setMessageId("nope").build()))
        .hasMessage("message_id: 'nope' is not a UUID");
    assertThatThrownBy(() -> Wire.incoming(Outbox.Method.RESPOND, malformed))
        .hasMessage("body: CHANGE cannot be sent with Respond (snapshot only)");
    assertThatThrownBy(
            () -> Wire.incoming(Outbox.Method.ORDER, malformed.toBuilder().setSequence(0).build()))
        .hasMessage("sequence: must be 1 or more");
  }

  @Test
  void anAckIsStoredAsTheBytesSentSoAReplayGetsTheSameAnswer() {
    byte[] encoded = Wire.ack(new Ack(false, "the quote changed", null));
    SubHireAck ack = Wire.ack(encoded);
    assertThat(ack.getOutcome()).isEqualTo(SubHireAck.Outcome.REJECTED);
    assertThat(ack.getReason()).isEqualTo("the quote changed");
    assertThat(ack.hasSnapshot()).isFalse();
    assertThat(ack.toByteArray()).isEqualTo(encoded);
  }
}
