package io.eventkit.node.platform.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.eventkit.node.kernel.TenantContext;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-company share of concurrent calls, on a real in-process gRPC server whose one method
 * waits for the test to let it finish. The company is set from a header by an interceptor in front
 * (the node's AuthInterceptor sets it from the credential).
 */
class TenantCallGateTest {
  private static final Metadata.Key<String> TENANT =
      Metadata.Key.of("test-tenant", Metadata.ASCII_STRING_MARSHALLER);
  private static final MethodDescriptor<StringValue, StringValue> WORK =
      MethodDescriptor.<StringValue, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.Gate/Work")
          .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();
  private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile CountDownLatch release = new CountDownLatch(1);
  private final io.prometheus.metrics.model.registry.PrometheusRegistry registry =
      new io.prometheus.metrics.model.registry.PrometheusRegistry();
  private final io.eventkit.node.platform.metrics.RpcMetrics metrics =
      new io.eventkit.node.platform.metrics.RpcMetrics(registry);
  private TenantCallGate gate;
  private Server server;
  private ManagedChannel channel;

  private void start(int concurrent, int queued) throws Exception {
    gate = new TenantCallGate(concurrent, queued, pool, metrics);
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("test.Gate")
            .addMethod(
                WORK,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      int now = running.incrementAndGet();
                      mostRunning.accumulateAndGet(now, Math::max);
                      order.add(request.getValue());
                      try {
                        // "quick" calls don't wait for the test.
                        if (!request.getValue().startsWith("quick")) {
                          release.await(20, TimeUnit.SECONDS);
                        }
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      } finally {
                        running.decrementAndGet();
                      }
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .build();
    ServerInterceptor tenantFromHeader =
        new ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call,
              Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            return Contexts.interceptCall(
                Context.current().withValue(TenantContext.CONTEXT_KEY, headers.get(TENANT)),
                call,
                headers,
                next);
          }
        };
    String name = "gate-" + UUID.randomUUID();
    server =
        InProcessServerBuilder.forName(name)
            .executor(pool)
            .addService(ServerChains.intercept(service, List.of(tenantFromHeader, gate)))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @BeforeEach
  void reset() {
    running.set(0);
    mostRunning.set(0);
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (channel != null) {
      channel.shutdownNow();
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
  }

  private com.google.common.util.concurrent.ListenableFuture<StringValue> call(
      String tenant, String value, CallOptions options) {
    Metadata headers = new Metadata();
    if (tenant != null) {
      headers.put(TENANT, tenant);
    }
    return ClientCalls.futureUnaryCall(
        io.grpc.ClientInterceptors.intercept(
                channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
            .newCall(WORK, options),
        StringValue.of(value));
  }

  private com.google.common.util.concurrent.ListenableFuture<StringValue> call(
      String tenant, String value) {
    return call(tenant, value, CallOptions.DEFAULT);
  }

  /** The exported gauge of {@code tenant}'s waiting calls. */
  private double waitingGauge(String tenant) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals("eventkit_tenant_calls_waiting"))
        .flatMap(
            m -> ((io.prometheus.metrics.model.snapshots.GaugeSnapshot) m).getDataPoints().stream())
        .filter(d -> tenant.equals(d.getLabels().get("tenant")))
        .mapToDouble(d -> d.getValue())
        .sum();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void aBusyCompanysExtraCallsWaitTheirTurnWhileAnotherCompanysRunAtOnce() throws Exception {
    start(2, 3);
    List<com.google.common.util.concurrent.ListenableFuture<StringValue>> busy = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      busy.add(call("busy", "busy-" + i));
      int started = i + 1;
      // One at a time, so that the queue's order is the order of the calls.
      await(
          () -> gate.running("busy") + gate.waiting("busy") == started,
          "busy call " + i + " admitted");
    }
    assertThat(gate.running("busy")).isEqualTo(2);
    assertThat(gate.waiting("busy")).isEqualTo(3);
    assertThat(waitingGauge("busy")).isEqualTo(3);
    assertThat(running.get()).isEqualTo(2);
    // Beyond the queue: refused at once, with what to do about it.
    assertThatThrownBy(() -> call("busy", "busy-6").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .satisfies(
            e -> {
              Status s = Status.fromThrowable(e.getCause());
              assertThat(s.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(s.getDescription())
                  .isEqualTo(
                      "the company account 'busy' has 2 calls running and 3 waiting, the most it"
                          + " may: retry when some have finished");
            });
    // Another company is not behind busy's queue.
    assertThat(call("quiet", "quick-quiet").get(10, TimeUnit.SECONDS).getValue())
        .isEqualTo("quick-quiet");

    release.countDown();
    for (int i = 0; i < 5; i++) {
      assertThat(busy.get(i).get(10, TimeUnit.SECONDS).getValue()).isEqualTo("busy-" + i);
    }
    // Never more than two of busy's at once (quiet's ran beside them); the waiting ones ran after
    // (two slots freed at once start two of them side by side, in either order).
    assertThat(mostRunning.get()).isEqualTo(3);
    assertThat(order.subList(0, 3)).containsExactly("busy-0", "busy-1", "quick-quiet");
    assertThat(order.subList(3, 6)).containsExactlyInAnyOrder("busy-2", "busy-3", "busy-4");
    await(() -> gate.running("busy") == 0, "every slot freed");
    assertThat(gate.waiting("busy")).isZero();
    assertThat(waitingGauge("busy")).isZero();
  }

  @Test
  void aWaitingCallWhoseClientGivesUpLeavesTheQueueAndHoldsNoSlot() throws Exception {
    start(1, 5);
    var first = call("busy", "busy-first");
    await(() -> gate.running("busy") == 1, "first call running");
    var impatient =
        call(
            "busy",
            "busy-impatient",
            CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS));
    assertThatThrownBy(() -> impatient.get(10, TimeUnit.SECONDS))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e.getCause()).getCode())
                    .isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    await(() -> gate.waiting("busy") == 0, "the impatient call left the queue");
    assertThat(waitingGauge("busy")).isZero();
    var patient = call("busy", "busy-patient");
    await(() -> gate.waiting("busy") == 1, "the patient call queued");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).getValue()).isEqualTo("busy-first");
    assertThat(patient.get(10, TimeUnit.SECONDS).getValue()).isEqualTo("busy-patient");
    await(() -> gate.running("busy") == 0, "every slot freed");
    // The impatient call never ran.
    assertThat(order).containsExactly("busy-first", "busy-patient");
    // The slots are all there: as many calls as the limit run at once again.
    release = new CountDownLatch(1);
    var again = call("busy", "busy-again");
    await(() -> gate.running("busy") == 1 && running.get() == 1, "a call runs again");
    release.countDown();
    assertThat(again.get(10, TimeUnit.SECONDS).getValue()).isEqualTo("busy-again");
  }

  @Test
  void callsWithoutACompanyAreNotCounted() throws Exception {
    start(1, 0);
    var anonymous = List.of(call(null, "a"), call(null, "b"));
    await(() -> running.get() == 2, "both run at once");
    assertThat(gate.running("busy")).isZero();
    release.countDown();
    for (var f : anonymous) {
      assertThat(f.get(10, TimeUnit.SECONDS).getValue()).isIn("a", "b");
    }
  }
}
