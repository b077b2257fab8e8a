import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";

const a = AuthService.method;

/** The company's users (ListUsers is not paged: a company has tens, not thousands). */
export function useUsers() {
  return useQuery(a.listUsers, {});
}

function invalidateUsers(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: a.listUsers, cardinality: undefined }) });
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: a.getUser, cardinality: undefined }) });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation(a.createUser, { onSuccess: () => invalidateUsers(qc) });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation(a.updateUser, { onSuccess: () => invalidateUsers(qc) });
}

/** A single-use set-password link for a user: mailed, or returned once to hand over. */
export function useIssuePasswordReset() {
  const qc = useQueryClient();
  return useMutation(a.issuePasswordReset, { onSuccess: () => invalidateUsers(qc) });
}

/** Whether this node mails set-password links (GetLoginOptions' password_reset_email). */
export function useMailsResetLinks(): boolean {
  const options = useQuery(a.getLoginOptions, {}, { staleTime: 5 * 60_000, retry: false });
  return options.data?.passwordResetEmail === true;
}
