package io.eventkit.node.platform.tracing;

import io.dropwizard.lifecycle.Managed;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The node's tracing (OpenTelemetry, W3C trace context). One instance per node, never the global
 * one: several nodes share a JVM in tests and in the benchmark.
 *
 * <p>Off (no endpoint), the tracer is OpenTelemetry's no-op, which records nothing but still
 * carries a caller's {@code traceparent} through this node to its partners and into the logs. On,
 * every RPC served and every partner call is a span, exported in batches over OTLP/HTTP.
 *
 * <p>Contract for work that outlives a request (the sub-hire outbox): store {@link
 * #currentParent()} with it, and {@link #resume} that value around the later partner call, so the
 * call joins the request's trace.
 */
public final class Tracing implements Managed {
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> RPC_GRPC_STATUS_CODE =
      AttributeKey.longKey("rpc.grpc.status_code");
  static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("eventkit.transport");
  static final AttributeKey<String> PARTNER = AttributeKey.stringKey("eventkit.partner");

  static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

  static final TextMapGetter<Metadata> METADATA_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Metadata carrier) {
          return carrier.keys();
        }

        @Override
        public String get(Metadata carrier, String key) {
          return carrier == null
              ? null
              : carrier.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        }
      };

  static final TextMapSetter<Metadata> METADATA_SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          Metadata.Key<String> k = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
          carrier.removeAll(k);
          carrier.put(k, value);
        }
      };

  private static final TextMapGetter<Map<String, String>> MAP_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;
  private final SdkTracerProvider provider;

  private Tracing(OpenTelemetry otel, SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = otel.getTracer("io.eventkit.node");
  }

  /** No recording, no export; incoming trace context is still passed on (see the class doc). */
  public static Tracing off() {
    return new Tracing(
        OpenTelemetry.propagating(ContextPropagators.create(W3C)), /* provider= */ null);
  }

  /**
   * From config: off without an endpoint, else an SDK exporting to it. {@code nodeId} names the
   * service instance; {@code service.name} is {@code eventkit-node} on every node, so a trace
   * across companies reads as one service graph with the companies as instances.
   */
  public static Tracing create(TracingConfig config, String nodeId, String version) {
    if (!config.enabled()) {
      return off();
    }
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(config.getEndpoint())
            .setTimeout(config.getExportTimeout().toMilliseconds(), TimeUnit.MILLISECONDS);
    config.getHeaders().forEach(exporter::addHeader);
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"), "eventkit-node",
                        AttributeKey.stringKey("service.instance.id"), nodeId,
                        AttributeKey.stringKey("service.version"), version)));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            // A sampled parent is always followed: a trace is never cut at a partner's boundary.
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.getSampleRatio())))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter.build())
                    .setScheduleDelay(
                        config.getExportDelay().toMilliseconds(), TimeUnit.MILLISECONDS)
                    .build())
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3C))
            .build();
    return new Tracing(sdk, provider);
  }

  public boolean recording() {
    return provider != null;
  }

  Tracer tracer() {
    return tracer;
  }

  /** Outermost on a server: a SERVER span per call, current while the service runs. */
  public ServerInterceptor serverInterceptor(String transport) {
    return new TracingServerInterceptor(this, transport);
  }

  /** On a channel to a partner: a CLIENT span per call, its context sent as {@code traceparent}. */
  public ClientInterceptor clientInterceptor() {
    return new TracingClientInterceptor(this);
  }

  /** The current span as a W3C {@code traceparent} value, or null when there is none. */
  public static String currentParent() {
    SpanContext sc = Span.current().getSpanContext();
    if (!sc.isValid()) {
      return null;
    }
    return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
  }

  /**
   * Makes a stored {@link #currentParent()} the current (remote) parent until the scope closes; a
   * null or malformed value gives a scope that changes nothing.
   */
  @com.google.errorprone.annotations.MustBeClosed
  public static Scope resume(String traceParent) {
    if (traceParent == null || traceParent.isEmpty()) {
      return Scope.noop();
    }
    Context ctx =
        W3C.extract(
            Context.root(), Collections.singletonMap("traceparent", traceParent), MAP_GETTER);
    if (!Span.fromContext(ctx).getSpanContext().isValid()) {
      return Scope.noop();
    }
    return ctx.makeCurrent();
  }

  /** Runs tasks on {@code executor} in the context of the code that submitted them. */
  public static Executor propagating(Executor executor) {
    return Context.taskWrapping(executor);
  }

  @Override
  public void start() {}

  /** Sends what is still buffered (bounded by the export timeout), then stops. */
  @Override
  public void stop() {
    if (provider != null) {
      provider.shutdown().join(15, TimeUnit.SECONDS);
    }
  }

  /** For tests: exports what is buffered now. */
  public void flush() {
    if (provider != null) {
      provider.forceFlush().join(15, TimeUnit.SECONDS);
    }
  }
}
