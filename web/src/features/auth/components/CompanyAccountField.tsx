import { TextInput } from "@mantine/core";
import { useIntl } from "react-intl";

interface Props {
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  error?: string;
  autoFocus?: boolean;
  "data-testid": string;
}

/** The company account ID a shared deployment's own address asks for (login, "forgot password"). */
export function CompanyAccountField({ value, onChange, onBlur, error, autoFocus, "data-testid": testId }: Props) {
  const intl = useIntl();
  return (
    <TextInput
      label={intl.formatMessage({ id: "login.tenant" })}
      description={intl.formatMessage({ id: "login.tenantHint" })}
      name="tenant"
      autoCapitalize="none"
      spellCheck={false}
      required
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={onBlur}
      error={error}
      data-testid={testId}
    />
  );
}
