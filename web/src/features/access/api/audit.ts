import { keepPreviousData } from "@tanstack/react-query";
import { useQuery } from "@connectrpc/connect-query";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";

const a = AuthService.method;

export const AUDIT_PAGE = 50;

/** One page of the auth audit, newest first; `pageToken` is a next_page_token the node gave. */
export function useAuthAudit(pageToken: string | undefined) {
  return useQuery(a.listAuthAudit, { pageSize: AUDIT_PAGE, pageToken: pageToken ?? "" }, { placeholderData: keepPreviousData });
}
