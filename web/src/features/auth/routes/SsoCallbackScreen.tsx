import { useEffect, useRef, useState } from "react";
import { Alert, Center, Loader } from "@mantine/core";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { FormattedMessage } from "react-intl";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";
import { client } from "../../../lib/transport";
import { toUiError } from "../../../lib/errors";
import { startSession } from "../api/auth";

/** Where the SSO provider sends the browser back: completes the login with state + code. */
export function SsoCallbackScreen() {
  const { state, code } = useSearch({ from: "/sso" });
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const once = useRef(false);

  useEffect(() => {
    if (once.current) return;
    once.current = true;
    client(AuthService)
      .completeSsoLogin({ state: state ?? "", code: code ?? "" })
      .then((r) => {
        startSession(r);
        return navigate({ to: "/" });
      })
      .catch((e: unknown) => setError(toUiError(e).message));
  }, [state, code, navigate]);

  return (
    <Center mih="100vh" p="md">
      {error ? (
        <Alert color="red" role="alert">
          <FormattedMessage id="login.failed" values={{ message: error }} /> <Link to="/login">↩</Link>
        </Alert>
      ) : (
        <Loader />
      )}
    </Center>
  );
}
