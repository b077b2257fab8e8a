package io.eventkit.node.platform.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.eventkit.node.kernel.Principal;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-company share of concurrent calls, on a real in-process gRPC server whose one method
 * waits for the test to let it finish. The caller and its company are set from a header by an
 * interceptor in front (the node's AuthInterceptor sets them from the credential); without the
 * header the call is anonymous. Each client call is made from its own thread with a blocking stub,
 * as the Connect servlet makes them; "direct" is the Connect bridge's in-process server (direct
 * executor: a call runs on the thread that delivers it), "pooled" the gRPC port's (a thread pool).
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
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();
  private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());

  /** The company each request's handler ran as (from its gRPC context), by request value. */
  private final Map<String, String> ranAs = new ConcurrentHashMap<>();

  private final io.prometheus.metrics.model.registry.PrometheusRegistry registry =
      new io.prometheus.metrics.model.registry.PrometheusRegistry();
  private final io.eventkit.node.platform.metrics.RpcMetrics metrics =
      new io.eventkit.node.platform.metrics.RpcMetrics(registry);
  private volatile CountDownLatch release = new CountDownLatch(1);
  private TenantCallGate gate;
  private Server server;
  private ManagedChannel channel;

  private void start(int concurrent, int queued, Duration maxWait, boolean direct)
      throws Exception {
    gate = new TenantCallGate(concurrent, queued, maxWait, pool, timer, metrics);
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("test.Gate")
            .addMethod(
                WORK,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      String value = request.getValue();
                      Principal caller = Principal.current();
                      ranAs.put(value, caller == null ? "(no context)" : caller.tenant());
                      if (value.startsWith("boom")) {
                        throw new IllegalStateException("the handler failed");
                      }
                      int now = running.incrementAndGet();
                      mostRunning.accumulateAndGet(now, Math::max);
                      order.add(value);
                      try {
                        // "quick" calls don't wait for the test.
                        if (!value.startsWith("quick")) {
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
    ServerInterceptor callerFromHeader =
        new ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call,
              Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            String tenant = headers.get(TENANT);
            return Contexts.interceptCall(
                Context.current()
                    .withValue(
                        Principal.CONTEXT_KEY,
                        tenant == null
                            ? null
                            : new Principal(
                                "u-" + tenant,
                                "someone@" + tenant + ".example",
                                java.util.Set.of(Principal.Role.ADMIN),
                                java.util.Set.of(),
                                java.util.Set.of(io.eventkit.node.kernel.Permission.INVENTORY_READ),
                                Principal.Kind.USER,
                                tenant)),
                call,
                headers,
                next);
          }
        };
    String name = "gate-" + UUID.randomUUID();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    server =
        (direct ? builder.directExecutor() : builder.executor(pool))
            .addService(ServerChains.intercept(service, List.of(callerFromHeader, gate)))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (channel != null) {
      channel.shutdownNow();
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    clients.shutdownNow();
    pool.shutdownNow();
    timer.shutdownNow();
  }

  /** A blocking call from a thread of its own; {@code tenant} null makes it anonymous. */
  private Future<String> call(String tenant, String value, CallOptions options) {
    Metadata headers = new Metadata();
    if (tenant != null) {
      headers.put(TENANT, tenant);
    }
    return clients.submit(
        () ->
            ClientCalls.blockingUnaryCall(
                    io.grpc.ClientInterceptors.intercept(
                        channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)),
                    WORK,
                    options,
                    StringValue.of(value))
                .getValue());
  }

  private Future<String> call(String tenant, String value) {
    return call(tenant, value, CallOptions.DEFAULT);
  }

  private static Status statusOf(Future<String> f) {
    try {
      f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("the call did not end", e);
    }
    throw new AssertionError("the call succeeded");
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

  @ParameterizedTest(name = "direct executor: {0}")
  @ValueSource(booleans = {true, false})
  void aBusyCompanysExtraCallsWaitTheirTurnWhileAnotherCompanysRunAtOnce(boolean direct)
      throws Exception {
    start(2, 3, Duration.ofSeconds(30), direct);
    List<Future<String>> busy = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      busy.add(call("busy", "busy-" + i));
      int admitted = i + 1;
      await(
          () -> gate.running("busy") + gate.waiting("busy") == admitted,
          "busy call " + i + " admitted");
    }
    await(() -> running.get() == 2, "two of busy's calls running");
    assertThat(gate.running("busy")).isEqualTo(2);
    assertThat(gate.waiting("busy")).isEqualTo(3);
    assertThat(waitingGauge("busy")).isEqualTo(3);
    // Beyond the queue: refused at once, with what to do about it.
    Status refused = statusOf(call("busy", "busy-6"));
    assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getDescription())
        .isEqualTo(
            "the company account 'busy' has 2 calls running and 3 waiting, the most it may: retry"
                + " when some have finished");
    // Another company is not behind busy's queue.
    assertThat(call("quiet", "quick-quiet").get(10, TimeUnit.SECONDS)).isEqualTo("quick-quiet");

    release.countDown();
    for (int i = 0; i < 5; i++) {
      assertThat(busy.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("busy-" + i);
    }
    // Never more than two of busy's at once (quiet's ran beside them); the waiting ones after.
    assertThat(mostRunning.get()).isEqualTo(3);
    assertThat(order.subList(0, 3)).containsExactlyInAnyOrder("busy-0", "busy-1", "quick-quiet");
    assertThat(order.subList(3, 6)).containsExactlyInAnyOrder("busy-2", "busy-3", "busy-4");
    // The waiting ones ran in their own call's context, as their caller's company.
    for (int i = 0; i < 5; i++) {
      assertThat(ranAs).containsEntry("busy-" + i, "busy");
    }
    await(() -> gate.running("busy") == 0, "every slot freed");
    assertThat(gate.waiting("busy")).isZero();
    assertThat(waitingGauge("busy")).isZero();
  }

  @ParameterizedTest(name = "direct executor: {0}")
  @ValueSource(booleans = {true, false})
  void aWaitingCallWhoseClientGivesUpLeavesTheQueueAndHoldsNoSlot(boolean direct) throws Exception {
    start(1, 5, Duration.ofSeconds(30), direct);
    var first = call("busy", "busy-first");
    await(() -> running.get() == 1, "first call running");
    var impatient =
        call("busy", "busy-impatient", CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS));
    await(() -> gate.waiting("busy") == 1, "the impatient call queued");
    assertThat(statusOf(impatient).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    await(() -> gate.waiting("busy") == 0, "the impatient call left the queue");
    assertThat(waitingGauge("busy")).isZero();
    var patient = call("busy", "busy-patient");
    await(() -> gate.waiting("busy") == 1, "the patient call queued");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("busy-first");
    assertThat(patient.get(10, TimeUnit.SECONDS)).isEqualTo("busy-patient");
    await(() -> gate.running("busy") == 0, "every slot freed");
    // The impatient call never ran; first come, first served.
    assertThat(order).containsExactly("busy-first", "busy-patient");
    // The slot is there: a call runs again at once.
    release = new CountDownLatch(1);
    var again = call("busy", "busy-again");
    await(() -> running.get() == 1, "a call runs again");
    release.countDown();
    assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo("busy-again");
  }

  @ParameterizedTest(name = "direct executor: {0}")
  @ValueSource(booleans = {true, false})
  void aWaitingCallWhoseHandlerFailsEndsWithTheErrorAndFreesItsSlot(boolean direct)
      throws Exception {
    start(1, 5, Duration.ofSeconds(30), direct);
    var first = call("busy", "busy-first");
    await(() -> running.get() == 1, "first call running");
    var failing = call("busy", "boom");
    var after = call("busy", "busy-after");
    await(() -> gate.waiting("busy") == 2, "both queued");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("busy-first");
    // gRPC's own answer to a handler's exception (the node's recovery interceptor maps it).
    assertThat(statusOf(failing).getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(ranAs).containsEntry("boom", "busy");
    assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("busy-after");
    await(() -> gate.running("busy") == 0, "every slot freed");
  }

  @Test
  void aCallThatWaitedTooLongIsRefused() throws Exception {
    start(1, 5, Duration.ofMillis(300), true);
    var first = call("busy", "busy-first");
    await(() -> running.get() == 1, "first call running");
    Status waited = statusOf(call("busy", "busy-waiting"));
    assertThat(waited.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(waited.getDescription())
        .isEqualTo(
            "the company account 'busy' kept all its 1 concurrent calls busy for the 300 ms this"
                + " one waited: retry when some have finished");
    assertThat(gate.waiting("busy")).isZero();
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("busy-first");
    await(() -> gate.running("busy") == 0, "every slot freed");
    assertThat(order).containsExactly("busy-first");
  }

  @Test
  void anonymousCallsAreNotCounted() throws Exception {
    start(1, 0, Duration.ofSeconds(30), true);
    var anonymous = List.of(call(null, "a"), call(null, "b"));
    await(() -> running.get() == 2, "both run at once");
    assertThat(gate.counted("default")).isFalse();
    release.countDown();
    assertThat(anonymous.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("a");
    assertThat(anonymous.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("b");
  }
}
