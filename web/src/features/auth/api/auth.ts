import { useMutation, useTransport } from "@connectrpc/connect-query";
import { createClient } from "@connectrpc/connect";
import { keepPreviousData, useMutation as useTanstackMutation, useQuery } from "@tanstack/react-query";
import { AuthService, type LoginResponse } from "../../../gen/eventkit/v1/auth_pb";
import { auth } from "../../../lib/transport";
import { rememberDisplayName } from "../../../lib/session";
import { TENANT_HEADER } from "../../../lib/tenant";

/** A call's headers naming the company account `tenant` ("": none, the node decides by host name). */
function addressedTo(tenant: string) {
  return tenant ? { headers: { [TENANT_HEADER]: tenant } } : undefined;
}

/**
 * How users may log in here, for the company account `tenant` ("": the one the node addresses
 * without it: a self-hosted node's, or a company host name's). UNIMPLEMENTED on nodes that predate
 * it: then password only. Asked again per company (their SSO providers differ); the last answer
 * stays while the next loads, so the form does not jump.
 */
export function useLoginOptions(tenant = "") {
  const transport = useTransport();
  return useQuery({
    queryKey: ["eventkit.v1.AuthService/GetLoginOptions", tenant],
    queryFn: ({ signal }) =>
      createClient(AuthService, transport).getLoginOptions({}, { signal, ...addressedTo(tenant) }),
    retry: false,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

export function useLogin() {
  return useMutation(AuthService.method.login);
}

/**
 * "Forgot password": the node mails a link, or says nothing about whether the address exists.
 * Addressed to `tenant` without choosing it for the browser: only a set password does that.
 */
export function useRequestPasswordReset() {
  const transport = useTransport();
  return useTanstackMutation({
    mutationFn: ({ tenant = "", ...req }: { email: string; tenant?: string }) =>
      createClient(AuthService, transport).requestPasswordReset(req, addressedTo(tenant)),
  });
}

/** Sets a password with a reset link's token, addressed to the link's company account (if any). */
export function useResetPassword() {
  const transport = useTransport();
  return useTanstackMutation({
    mutationFn: ({ tenant = "", ...req }: { resetToken: string; newPassword: string; tenant?: string }) =>
      createClient(AuthService, transport).resetPassword(req, addressedTo(tenant)),
  });
}

export function useChangePassword() {
  return useMutation(AuthService.method.changePassword);
}

/** Starts the session a Login or CompleteSsoLogin answered with. */
export function startSession(r: LoginResponse): void {
  rememberDisplayName(r.user?.displayName);
  auth.signedIn({ accessToken: r.accessToken, refreshToken: r.refreshToken, sessionId: r.sessionId });
}
