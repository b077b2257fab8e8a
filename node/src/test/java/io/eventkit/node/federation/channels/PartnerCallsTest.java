package io.eventkit.node.federation.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.federation.channels.PartnerCalls.Kind;
import io.eventkit.node.federation.channels.PartnerCalls.Retry;
import io.eventkit.node.kernel.ErrorCode;
import io.grpc.Status;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** One classification of failed partner calls, whichever client path made the call. */
class PartnerCallsTest {
  private static PartnerCalls.Failure of(Status s) {
    return PartnerCalls.classify(s.asRuntimeException());
  }

  @Test
  void deadlineAndUnavailableAreNoAnswer() {
    var deadline = of(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 2s"));
    assertThat(deadline.kind()).isEqualTo(Kind.DEADLINE);
    assertThat(deadline.retry()).isEqualTo(Retry.PARTNER_LATER);
    assertThat(deadline.answeredByTrustCheck()).isFalse();
    assertThat(deadline.passedOn()).isEqualTo(ErrorCode.UNAVAILABLE);

    var down = of(Status.UNAVAILABLE.withDescription("cannot connect to b.test at b:1"));
    assertThat(down.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(down.retry()).isEqualTo(Retry.PARTNER_LATER);
    assertThat(down.summary()).isEqualTo("UNAVAILABLE: cannot connect to b.test at b:1");
    assertThat(down.tls()).isFalse();
  }

  @Test
  void aTrustRefusalIsAboutThisRequestAndPassedOn() {
    var level = of(Status.PERMISSION_DENIED.withDescription("Order needs trust level SUBHIRE"));
    assertThat(level.kind()).isEqualTo(Kind.REFUSED_BY_TRUST);
    assertThat(level.answeredByTrustCheck()).isTrue();
    assertThat(level.retry()).isEqualTo(Retry.THIS_REQUEST_LATER);
    assertThat(level.passedOn()).isEqualTo(ErrorCode.PERMISSION_DENIED);

    var stranger = of(Status.UNAUTHENTICATED.withDescription("a.test is not a partner of b.test"));
    assertThat(stranger.kind()).isEqualTo(Kind.REFUSED_BY_TRUST);
    assertThat(stranger.answeredByTrustCheck()).isTrue();
    assertThat(stranger.retry()).isEqualTo(Retry.PARTNER_LATER);
  }

  @Test
  void revocationIsRecognisedFromTheTrustCheckAndFromTls() {
    var said = of(Status.PERMISSION_DENIED.withDescription("partner revoked"));
    assertThat(said.kind()).isEqualTo(Kind.REVOKED_BY_PARTNER);
    assertThat(said.answeredByTrustCheck()).isTrue();

    var atTls =
        of(
            Status.UNAVAILABLE
                .withDescription("io exception\nChannel Pipeline: [SslHandler#0]")
                .withCause(
                    new SSLHandshakeException(
                        "error:10000414:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_REVOKED")));
    assertThat(atTls.kind()).isEqualTo(Kind.REVOKED_BY_PARTNER);
    assertThat(atTls.answeredByTrustCheck()).isFalse();
    assertThat(atTls.tls()).isTrue();
    assertThat(atTls.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(atTls.description()).isEqualTo("io exception");
  }

  @Test
  void refusalsOfTheRequestAndProtocolErrors() {
    var unknown = of(Status.NOT_FOUND.withDescription("no negotiation x"));
    assertThat(unknown.kind()).isEqualTo(Kind.REFUSED);
    assertThat(unknown.notFound()).isTrue();
    assertThat(unknown.retry()).isEqualTo(Retry.NEVER);

    var sequence = of(Status.FAILED_PRECONDITION.withDescription("out of sequence"));
    assertThat(sequence.kind()).isEqualTo(Kind.REFUSED);
    assertThat(sequence.retry()).isEqualTo(Retry.THIS_REQUEST_LATER);
    assertThat(sequence.passedOn()).isEqualTo(ErrorCode.FAILED_PRECONDITION);

    var busy = of(Status.RESOURCE_EXHAUSTED.withDescription("rate limit"));
    assertThat(busy.kind()).isEqualTo(Kind.REFUSED);
    assertThat(busy.retry()).isEqualTo(Retry.PARTNER_LATER);
    assertThat(busy.passedOn()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);

    var old = of(Status.UNIMPLEMENTED);
    assertThat(old.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
    assertThat(old.unimplemented()).isTrue();
    assertThat(old.retry()).isEqualTo(Retry.NEVER);
    assertThat(old.description()).isEmpty();

    var garbled = of(Status.CANCELLED.withDescription("Failed to read message."));
    assertThat(garbled.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
    assertThat(garbled.retry()).isEqualTo(Retry.PARTNER_LATER);
  }

  @Test
  void noChannelIsUnavailable() {
    var f = PartnerCalls.classify(new IllegalStateException("no client certificate for b.test"));
    assertThat(f.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(f.retry()).isEqualTo(Retry.PARTNER_LATER);
    assertThat(f.summary()).isEqualTo("UNAVAILABLE: no client certificate for b.test");
  }
}
