import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";

const a = AuthService.method;

/** The seven built-in roles first (enum order), then the company's custom roles by name. */
export function useRoles() {
  return useQuery(a.listRoles, {});
}

/** The custom roles' names, for the users' and keys' role pickers (ListRoles also lists the built-in ones). */
export function useCustomRoles() {
  const roles = useRoles();
  return {
    names: (roles.data?.roles ?? []).filter((r) => !r.builtIn).map((r) => r.name),
    isPending: roles.isPending,
    error: roles.error,
  };
}

/**
 * After a change to the roles: the list, and the caller's own WhoAmI, whose effective permissions
 * change when they hold the role that was changed.
 */
function invalidateRoles(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: a.listRoles, cardinality: undefined }) });
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: a.whoAmI, cardinality: undefined }) });
}

export function useCreateRole() {
  const qc = useQueryClient();
  return useMutation(a.createRole, { onSuccess: () => invalidateRoles(qc) });
}

export function useUpdateRole() {
  const qc = useQueryClient();
  return useMutation(a.updateRole, { onSuccess: () => invalidateRoles(qc) });
}

export function useDeleteRole() {
  const qc = useQueryClient();
  return useMutation(a.deleteRole, { onSuccess: () => invalidateRoles(qc) });
}
