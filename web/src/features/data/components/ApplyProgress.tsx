import { Group, List, Progress, Stack, Text, ThemeIcon } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";

export type ApplyPhase = "reading" | "sending" | "done" | "failed";

const ORDER: ApplyPhase[] = ["reading", "sending", "done"];

/**
 * The apply's progress. ImportCsv is one unary call, so there is nothing to count while the node
 * works: the bar runs without a figure and the phases say where it is (the file read, the call
 * out, the answer back).
 */
export function ApplyProgress({ phase, fileSize }: { phase: ApplyPhase; fileSize: string }) {
  const intl = useIntl();
  const at = ORDER.indexOf(phase === "failed" ? "sending" : phase);
  const running = phase === "reading" || phase === "sending";
  const label = intl.formatMessage({ id: `data.import.apply.phase.${phase}` }, { size: fileSize });
  return (
    <Stack gap="xs" data-testid="apply-progress" data-phase={phase}>
      <Progress.Root size="lg" aria-hidden={!running || undefined}>
        <Progress.Section
          value={100}
          color={phase === "failed" ? "red" : running ? "blue" : "teal"}
          striped={running}
          animated={running}
          aria-label={intl.formatMessage({ id: "data.import.apply.progress" })}
          aria-valuetext={label}
        />
      </Progress.Root>
      <Text aria-live="polite" fw={500}>
        {label}
      </Text>
      <List spacing={4} size="sm" listStyleType="none">
        {ORDER.slice(0, 2).map((p, i) => {
          const state = i < at || phase === "done" ? "done" : i === at ? (phase === "failed" ? "failed" : "now") : "later";
          return (
            <List.Item key={p}>
              <Group gap="xs" wrap="nowrap">
                <ThemeIcon size="xs" radius="xl" color={state === "done" ? "teal" : state === "failed" ? "red" : state === "now" ? "blue" : "gray"} variant={state === "later" ? "light" : "filled"} aria-hidden>
                  <span />
                </ThemeIcon>
                <Text size="sm" c={state === "later" ? "dimmed" : undefined}>
                  <FormattedMessage id={`data.import.apply.step.${p}`} values={{ size: fileSize }} />
                  {" — "}
                  <FormattedMessage id={`data.import.apply.state.${state}`} />
                </Text>
              </Group>
            </List.Item>
          );
        })}
      </List>
    </Stack>
  );
}
