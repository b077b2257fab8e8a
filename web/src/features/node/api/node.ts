import { useQuery as useConnectQuery } from "@connectrpc/connect-query";
import { useQuery } from "@tanstack/react-query";
import { NodeService } from "../../../gen/eventkit/v1/node_pb";

export type HealthStatus = "UP" | "DEGRADED" | "DOWN";

/** The node's identity (NodeService/GetNodeInfo, public). */
export function useNodeInfo() {
  return useConnectQuery(NodeService.method.getNodeInfo, {}, { staleTime: 5 * 60_000 });
}

/** The node's readiness from /health (503 with status DOWN still has a body), every 30 s. */
export function useNodeHealth() {
  return useQuery({
    queryKey: ["node-health"],
    queryFn: async (): Promise<HealthStatus> => {
      const r = await fetch("/health", { headers: { Accept: "application/json" } });
      const body = (await r.json()) as { status?: string };
      return body.status === "UP" || body.status === "DEGRADED" ? body.status : "DOWN";
    },
    refetchInterval: 30_000,
    retry: false,
  });
}
