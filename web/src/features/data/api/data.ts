import { useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { DataService, ImportEntity } from "../../../gen/eventkit/v1/data_pb";

const d = DataService.method;

/** The templates and saved mappings of one entity (ListImportMappings). */
export function useImportMappings(entity: ImportEntity) {
  return useQuery(d.listImportMappings, { entity }, { enabled: entity !== ImportEntity.UNSPECIFIED, staleTime: 30_000 });
}

function useInvalidateMappings() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: d.listImportMappings, cardinality: undefined }) });
}

export function useSaveImportMapping() {
  const invalidate = useInvalidateMappings();
  return useMutation(d.saveImportMapping, { onSuccess: invalidate });
}

export function useDeleteImportMapping() {
  const invalidate = useInvalidateMappings();
  return useMutation(d.deleteImportMapping, { onSuccess: invalidate });
}

/**
 * Dry-runs or applies a file. An apply that wrote something makes every list the app holds stale
 * (products, assets, stock, locations, clients, contacts and what is computed from them).
 */
export function useImportCsv() {
  const qc = useQueryClient();
  return useMutation(d.importCsv, {
    onSuccess: (r) => {
      if (r.applied && (r.created > 0n || r.updated > 0n)) void qc.invalidateQueries();
    },
  });
}
