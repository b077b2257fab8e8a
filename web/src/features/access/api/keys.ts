import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";

const a = AuthService.method;

/** API keys, newest first; revoked and expired ones only with `includeInactive`. Not paged. */
export function useApiKeys(includeInactive: boolean) {
  return useQuery(a.listApiTokens, { includeInactive });
}

function invalidateKeys(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: a.listApiTokens, cardinality: undefined }) });
  // Creating and revoking keys writes the auth audit.
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: a.listAuthAudit, cardinality: undefined }) });
}

/** The response holds the secret, the only time it is ever sent. */
export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation(a.createApiToken, { onSuccess: () => invalidateKeys(qc) });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation(a.revokeApiToken, { onSuccess: () => invalidateKeys(qc) });
}
