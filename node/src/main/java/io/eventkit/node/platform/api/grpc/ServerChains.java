package io.eventkit.node.platform.api.grpc;

import io.eventkit.node.platform.metrics.RpcMetrics;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Interceptor chains for the node's other listeners (federation, enrolment). */
public final class ServerChains {
  private ServerChains() {}

  /**
   * Tracing, logging + metrics (with the given transport label), recovery and the
   * undecodable-request check, outermost first. Services behind it must be wrapped with {@link
   * #interceptNetwork}.
   */
  public static List<ServerInterceptor> edge(
      RpcMetrics metrics, io.eventkit.node.platform.tracing.Tracing tracing, String transport) {
    return List.of(
        tracing.serverInterceptor(transport),
        new ObservabilityInterceptor(metrics, transport),
        new RecoveryInterceptor(),
        UndecodableRequests.INTERCEPTOR);
  }

  /** {@link #intercept} for a listener fed from the network: undecodable requests are refused. */
  public static ServerServiceDefinition interceptNetwork(
      ServerServiceDefinition def, List<ServerInterceptor> outermostFirst) {
    return intercept(UndecodableRequests.lenient(def), outermostFirst);
  }

  /** Applies interceptors given outermost first (ServerInterceptors runs the last one first). */
  public static ServerServiceDefinition intercept(
      ServerServiceDefinition def, List<ServerInterceptor> outermostFirst) {
    List<ServerInterceptor> reversed = new ArrayList<>(outermostFirst);
    Collections.reverse(reversed);
    return ServerInterceptors.intercept(def, reversed);
  }
}
