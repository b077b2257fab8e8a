package io.eventkit.node.platform.api.grpc;

import io.eventkit.node.kernel.Principal;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fair shares of the node between company accounts of a shared (SaaS) deployment: at most {@code
 * concurrent} unary calls of one account run at once; its further calls wait, first come first
 * served, in a queue of at most {@code queued} for at most {@code maxWait}, and are refused ({@code
 * RESOURCE_EXHAUSTED}) beyond either. One account's burst then holds at most {@code concurrent} of
 * the node's processors and pool connections, and the others' calls never queue behind it.
 *
 * <p>Runs after authentication and counts authenticated calls only, under their credential's
 * account: anonymous calls (Login, password reset, health) name an account anyone can name, and
 * must not take its people's turns. Streaming calls are not counted: they live as long as their
 * client wants.
 *
 * <p>How a waiting call starts: it has not been started downstream, so it has requested no message
 * yet, and only a cancellation (the client gave up, its deadline passed) or readiness can reach it
 * meanwhile. A freed slot passes straight to the next waiting call, which is started on {@code
 * executor} (never on the thread that freed it: that one may be serving another caller) with the
 * call's own gRPC context attached. Its downstream {@code request(n)} is held back until it has
 * started, then passed on: its messages then arrive the normal way, through the outer interceptors
 * (context, recovery, metrics), as an unqueued call's do.
 */
final class TenantCallGate implements ServerInterceptor {
  private final int concurrent;
  private final int queued;
  private final Duration maxWait;
  private final Executor executor;
  private final ScheduledExecutorService timer;
  private final io.eventkit.node.platform.metrics.RpcMetrics metrics;
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

  /**
   * {@code timer} ends calls that waited {@code maxWait}; {@code metrics}: where the waiting calls
   * are counted, by account (null counts nothing).
   */
  TenantCallGate(
      int concurrent,
      int queued,
      Duration maxWait,
      Executor executor,
      ScheduledExecutorService timer,
      io.eventkit.node.platform.metrics.RpcMetrics metrics) {
    if (concurrent < 1 || queued < 0 || maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("concurrent must be ≥ 1, queued ≥ 0, maxWait > 0");
    }
    this.concurrent = concurrent;
    this.queued = queued;
    this.maxWait = maxWait;
    this.executor = executor;
    this.timer = timer;
    this.metrics = metrics;
  }

  /** Calls of {@code tenant} running now (for tests). */
  int running(String tenant) {
    Gate g = gates.get(tenant);
    return g == null ? 0 : g.snapshot()[0];
  }

  /** Calls of {@code tenant} waiting now (for tests). */
  int waiting(String tenant) {
    Gate g = gates.get(tenant);
    return g == null ? 0 : g.snapshot()[1];
  }

  /** Whether any call of {@code tenant} was ever counted (for tests). */
  boolean counted(String tenant) {
    return gates.containsKey(tenant);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Principal caller = Principal.CONTEXT_KEY.get();
    if (caller == null
        || call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
      return next.startCall(call, headers);
    }
    String tenant = caller.tenant();
    Gate gate = gates.computeIfAbsent(tenant, Gate::new);
    Waiting<Q, R> waiting = new Waiting<>(gate, call, headers, next, Context.current());
    switch (gate.enterOrQueue(waiting)) {
      case ENTERED:
        return started(gate, call, headers, next);
      case QUEUED:
        waiting.expireAfter(maxWait);
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
    private int running; // guarded by this
    private final ArrayDeque<Waiting<?, ?>> queue = new ArrayDeque<>(); // guarded by this

    Gate(String tenant) {
      this.tenant = tenant;
    }

    synchronized Entry enterOrQueue(Waiting<?, ?> w) {
      if (running < concurrent) {
        running++;
        return Entry.ENTERED;
      }
      if (queue.size() >= queued) {
        return Entry.REFUSED;
      }
      queue.add(w);
      waitingChanged(1);
      return Entry.QUEUED;
    }

    private void waitingChanged(int delta) {
      if (metrics != null) {
        metrics.tenantWaiting(tenant, delta);
      }
    }

    /**
     * Frees a slot: to the next waiting call if there is one (it keeps the count). If the executor
     * refuses (the node is stopping), that call ends unstarted and the next one is tried.
     */
    void leave() {
      while (true) {
        Waiting<?, ?> next;
        synchronized (this) {
          next = queue.poll();
          if (next == null) {
            running--;
            return;
          }
          waitingChanged(-1);
        }
        try {
          executor.execute(next::start);
          return;
        } catch (RuntimeException rejected) {
          next.end(Status.UNAVAILABLE.withDescription("the node is stopping: retry"));
        }
      }
    }

    /** Takes {@code w} out of the queue; false if it was not there (its start is on its way). */
    synchronized boolean withdraw(Waiting<?, ?> w) {
      boolean removed = queue.remove(w);
      if (removed) {
        waitingChanged(-1);
      }
      return removed;
    }

    synchronized int[] snapshot() {
      return new int[] {running, queue.size()};
    }
  }

  /**
   * A call waiting for a slot. Listener events that reach it meanwhile (readiness, cancellation)
   * are kept and handed on once it has started.
   */
  private final class Waiting<Q, R> extends ServerCall.Listener<Q> {
    private final Gate gate;
    private final ServerCall<Q, R> call;
    private final Metadata headers;
    private final ServerCallHandler<Q, R> next;
    private final Context context;
    private final List<Consumer<ServerCall.Listener<Q>>> pending = new ArrayList<>();
    private volatile ServerCall.Listener<Q> delegate; // set under this
    private boolean starting; // guarded by this
    private boolean ended; // guarded by this: cancelled, expired or abandoned, never to start
    private ScheduledFuture<?> expiry; // guarded by this

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

    synchronized void expireAfter(Duration wait) {
      try {
        expiry =
            timer.schedule(
                () -> {
                  if (gate.withdraw(this)) {
                    end(
                        Status.RESOURCE_EXHAUSTED.withDescription(
                            "the company account '"
                                + gate.tenant
                                + "' kept all its "
                                + concurrent
                                + " concurrent calls busy for the "
                                + (wait.toMillis() < 1000
                                    ? wait.toMillis() + " ms"
                                    : wait.toSeconds() + " s")
                                + " this one waited: retry when some have finished"));
                  }
                },
                wait.toMillis(),
                TimeUnit.MILLISECONDS);
      } catch (RuntimeException stopping) {
        // The timer is shut down (the node is stopping): the call waits without a limit.
      }
    }

    /** Ends the call unstarted (it holds no slot). */
    void end(Status status) {
      synchronized (this) {
        if (ended || starting) {
          return;
        }
        ended = true;
      }
      call.close(status, new Metadata());
    }

    /** Its turn: started downstream in the slot the previous call passed on. */
    void start() {
      synchronized (this) {
        if (ended) {
          // Cancelled after it was handed the slot: pass the slot on.
          gate.leave();
          return;
        }
        starting = true;
        if (expiry != null) {
          expiry.cancel(false);
        }
      }
      HeldRequests<Q, R> held = new HeldRequests<>(call);
      Context previous = context.attach();
      try {
        ServerCall.Listener<Q> started;
        try {
          started = TenantCallGate.started(gate, held, headers, next);
        } catch (Throwable e) {
          // started() freed the slot.
          call.close(Status.fromThrowable(e), new Metadata());
          return;
        }
        synchronized (this) {
          delegate = started;
          try {
            for (Consumer<ServerCall.Listener<Q>> event : pending) {
              event.accept(started);
            }
          } catch (Throwable e) {
            call.close(Status.fromThrowable(e), new Metadata());
          }
          pending.clear();
        }
      } finally {
        context.detach(previous);
      }
      // Now its messages may come: through the outer interceptors, into the delegate.
      held.release();
    }

    private void on(Consumer<ServerCall.Listener<Q>> event) {
      ServerCall.Listener<Q> d = delegate;
      if (d == null) {
        synchronized (this) {
          d = delegate;
          if (d == null) {
            pending.add(event);
            return;
          }
        }
      }
      event.accept(d);
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
        if (delegate == null && !starting) {
          // Never started, and now never will. Still queued, it held no slot; already handed one
          // (its start is on its way), start() passes that on.
          ended = true;
          if (expiry != null) {
            expiry.cancel(false);
          }
          gate.withdraw(this);
          return;
        }
      }
      on(ServerCall.Listener::onCancel);
    }
  }

  /**
   * The call as a started waiting call's handler sees it: its {@code request(n)} is held back until
   * {@link #release}, so that no message is delivered while the call is still being started.
   */
  private static final class HeldRequests<Q, R>
      extends io.grpc.ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private int held; // guarded by this
    private boolean released; // guarded by this

    HeldRequests(ServerCall<Q, R> call) {
      super(call);
    }

    @Override
    public void request(int n) {
      synchronized (this) {
        if (!released) {
          held += n;
          return;
        }
      }
      super.request(n);
    }

    void release() {
      int n;
      synchronized (this) {
        released = true;
        n = held;
        held = 0;
      }
      if (n > 0) {
        super.request(n);
      }
    }
  }
}
