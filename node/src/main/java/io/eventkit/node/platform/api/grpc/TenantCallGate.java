package io.eventkit.node.platform.api.grpc;

import io.eventkit.node.kernel.TenantContext;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fair shares of the node between company accounts of a shared (SaaS) deployment: at most {@code
 * concurrent} unary calls of one account run at once; its further calls wait, first come first
 * served, in a queue of at most {@code queued}, and are refused ({@code RESOURCE_EXHAUSTED}) beyond
 * that. One account's burst then holds at most {@code concurrent} of the node's threads and pool
 * connections, and its waiting calls cost nothing: the others' calls never queue behind them.
 *
 * <p>Runs after authentication (the call's tenant is in {@link TenantContext#CONTEXT_KEY}). A
 * waiting call has not been started downstream, so it has requested no message yet: only a
 * cancellation (the client gave up, or its deadline passed) can reach it, and takes it out of the
 * queue. A freed slot passes straight to the next waiting call, which starts on {@code executor},
 * never on the thread that freed it (that one may be serving another caller's response). Streaming
 * calls are not counted: they live as long as their client wants.
 */
final class TenantCallGate implements ServerInterceptor {
  private final int concurrent;
  private final int queued;
  private final Executor executor;
  private final io.eventkit.node.platform.metrics.RpcMetrics metrics;
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

  /** {@code metrics}: where the waiting calls are counted, by account; null counts nothing. */
  TenantCallGate(
      int concurrent,
      int queued,
      Executor executor,
      io.eventkit.node.platform.metrics.RpcMetrics metrics) {
    if (concurrent < 1 || queued < 0) {
      throw new IllegalArgumentException("concurrent must be ≥ 1 and queued ≥ 0");
    }
    this.concurrent = concurrent;
    this.queued = queued;
    this.executor = executor;
    this.metrics = metrics;
  }

  /** Calls of {@code tenant} running now (for tests and metrics). */
  int running(String tenant) {
    Gate g = gates.get(tenant);
    return g == null ? 0 : g.snapshot()[0];
  }

  /** Calls of {@code tenant} waiting now. */
  int waiting(String tenant) {
    Gate g = gates.get(tenant);
    return g == null ? 0 : g.snapshot()[1];
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String tenant = TenantContext.CONTEXT_KEY.get();
    if (tenant == null
        || call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
      return next.startCall(call, headers);
    }
    Gate gate = gates.computeIfAbsent(tenant, Gate::new);
    Waiting<Q, R> waiting = new Waiting<>(gate, call, headers, next, Context.current());
    switch (gate.enterOrQueue(waiting)) {
      case ENTERED:
        return started(gate, call, headers, next);
      case QUEUED:
        return waiting;
      default:
        call.close(
            Status.RESOURCE_EXHAUSTED.withDescription(
                "the company account '"
                    + tenant
                    + "' has "
                    + concurrent
                    + " calls running and "
                    + queued
                    + " waiting, the most it may: retry when some have finished"),
            new Metadata());
        return new ServerCall.Listener<>() {};
    }
  }

  /** Starts the call downstream in a slot of {@code gate}, which it frees when it ends. */
  private static <Q, R> ServerCall.Listener<Q> started(
      Gate gate, ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    AtomicBoolean freed = new AtomicBoolean();
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(call, headers);
    } catch (RuntimeException | Error e) {
      gate.leave();
      throw e;
    }
    return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          free();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          free();
        }
      }

      private void free() {
        if (freed.compareAndSet(false, true)) {
          gate.leave();
        }
      }
    };
  }

  private enum Entry {
    ENTERED,
    QUEUED,
    REFUSED
  }

  /** One account's slots and queue. */
  private final class Gate {
    private final String tenant;
    private int running;
    private final ArrayDeque<Waiting<?, ?>> queue = new ArrayDeque<>();

    Gate(String tenant) {
      this.tenant = tenant;
    }

    Entry enterOrQueue(Waiting<?, ?> w) {
      synchronized (this) {
        if (running < concurrent) {
          running++;
          return Entry.ENTERED;
        }
        if (queue.size() >= queued) {
          return Entry.REFUSED;
        }
        queue.add(w);
      }
      waitingChanged(1);
      return Entry.QUEUED;
    }

    private void waitingChanged(int delta) {
      if (metrics != null) {
        metrics.tenantWaiting(tenant, delta);
      }
    }

    /** Frees a slot: to the next waiting call if there is one (it keeps the count). */
    void leave() {
      Waiting<?, ?> next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          running--;
        }
      }
      if (next != null) {
        waitingChanged(-1);
        Waiting<?, ?> w = next;
        try {
          executor.execute(w::start);
        } catch (RuntimeException rejected) {
          // Stopping: the call can't be started; it ends, and its slot with it.
          w.abandon(Status.UNAVAILABLE.withDescription("the node is stopping"));
        }
      }
    }

    void withdraw(Waiting<?, ?> w) {
      boolean removed;
      synchronized (this) {
        removed = queue.remove(w);
      }
      if (removed) {
        waitingChanged(-1);
      }
    }

    synchronized int[] snapshot() {
      return new int[] {running, queue.size()};
    }
  }

  /**
   * A call waiting for a slot. Listener events that reach it meanwhile (in practice only a
   * cancellation) are kept and replayed once it has started.
   */
  private final class Waiting<Q, R> extends ServerCall.Listener<Q> {
    private final Gate gate;
    private final ServerCall<Q, R> call;
    private final Metadata headers;
    private final ServerCallHandler<Q, R> next;
    private final Context context;
    private final List<Consumer<ServerCall.Listener<Q>>> pending = new ArrayList<>();
    private ServerCall.Listener<Q> delegate; // guarded by this
    private boolean withdrawn; // guarded by this

    Waiting(
        Gate gate,
        ServerCall<Q, R> call,
        Metadata headers,
        ServerCallHandler<Q, R> next,
        Context context) {
      this.gate = gate;
      this.call = call;
      this.headers = headers;
      this.next = next;
      this.context = context;
    }

    /** Its turn: started downstream, in the slot the previous call passed on. */
    synchronized void start() {
      if (withdrawn) {
        gate.leave();
        return;
      }
      Context previous = context.attach();
      try {
        delegate = started(gate, call, headers, next);
      } catch (RuntimeException e) {
        call.close(Status.fromThrowable(e), new Metadata());
        return;
      } finally {
        context.detach(previous);
      }
      for (Consumer<ServerCall.Listener<Q>> event : pending) {
        event.accept(delegate);
      }
      pending.clear();
    }

    /** Its turn came while the node stops: ended without running, its slot freed. */
    synchronized void abandon(Status status) {
      withdrawn = true;
      call.close(status, new Metadata());
      gate.leave();
    }

    private synchronized void on(Consumer<ServerCall.Listener<Q>> event) {
      if (delegate != null) {
        event.accept(delegate);
      } else {
        pending.add(event);
      }
    }

    @Override
    public void onMessage(Q message) {
      on(l -> l.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      on(ServerCall.Listener::onHalfClose);
    }

    @Override
    public void onReady() {
      on(ServerCall.Listener::onReady);
    }

    @Override
    public void onComplete() {
      on(ServerCall.Listener::onComplete);
    }

    @Override
    public void onCancel() {
      synchronized (this) {
        if (delegate == null) {
          // Never started, and now never will. Still queued, it held no slot; already handed one
          // (its start is on its way), start() passes that on.
          withdrawn = true;
          gate.withdraw(this);
          return;
        }
      }
      on(ServerCall.Listener::onCancel);
    }
  }
}
