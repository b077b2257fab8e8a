import { useMutation, useQuery } from "@connectrpc/connect-query";
import { AuthService, type LoginResponse } from "../../../gen/eventkit/v1/auth_pb";
import { auth } from "../../../lib/transport";
import { rememberDisplayName } from "../../../lib/session";

/** How users may log in here. UNIMPLEMENTED on nodes that predate it: then password only. */
export function useLoginOptions() {
  return useQuery(AuthService.method.getLoginOptions, {}, { retry: false, staleTime: Infinity });
}

export function useLogin() {
  return useMutation(AuthService.method.login);
}

/** "Forgot password": the node mails a link, or says nothing about whether the address exists. */
export function useRequestPasswordReset() {
  return useMutation(AuthService.method.requestPasswordReset);
}

export function useResetPassword() {
  return useMutation(AuthService.method.resetPassword);
}

export function useChangePassword() {
  return useMutation(AuthService.method.changePassword);
}

/** Starts the session a Login or CompleteSsoLogin answered with. */
export function startSession(r: LoginResponse): void {
  rememberDisplayName(r.user?.displayName);
  auth.signedIn({ accessToken: r.accessToken, refreshToken: r.refreshToken, sessionId: r.sessionId });
}
