import { Radio, Stack } from "@mantine/core";
import { useIntl } from "react-intl";
import type { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import { LEVELS, levelKey } from "../lib/partners";

/** The trust levels as radios, each with what it allows written beside it (docs/federation.md §8.1). */
export function LevelRadios({
  label,
  description,
  value,
  onChange,
  disabled,
  testId,
}: {
  label: string;
  description?: string;
  value: TrustLevel;
  onChange(l: TrustLevel): void;
  disabled?: boolean;
  testId?: string;
}) {
  const intl = useIntl();
  return (
    <Radio.Group label={label} description={description} value={String(value)} onChange={(v) => onChange(Number(v) as TrustLevel)} data-testid={testId}>
      <Stack gap="xs" mt="xs">
        {LEVELS.map((l) => (
          <Radio
            key={l}
            value={String(l)}
            disabled={disabled}
            label={intl.formatMessage({ id: `partners.level.${levelKey(l)}` })}
            description={intl.formatMessage({ id: `partners.levelMeaning.${levelKey(l)}` })}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}

/** A level's name for tables ("Availability"). */
export function useLevelLabel() {
  const intl = useIntl();
  return (l: TrustLevel) => intl.formatMessage({ id: `partners.level.${levelKey(l)}` });
}
