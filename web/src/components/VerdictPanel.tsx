import { Paper } from "@mantine/core";
import type { ReactNode } from "react";

/** A light background and a thick coloured edge: the colour reads at a glance, the text keeps its contrast. */
export function verdictPanelStyle(color: string) {
  return {
    overflowWrap: "anywhere" as const,
    background: `var(--mantine-color-${color}-light)`,
    borderInlineStart: `12px solid var(--mantine-color-${color}-filled)`,
  };
}

/** The big coloured verdict box of a scan screen (data-testid "scan-verdict" unless given). */
export function VerdictPanel({
  color,
  severity,
  verdict,
  testId,
  children,
}: {
  color: string;
  /** data-severity: OK, INFO, WARNING, ERROR, QUEUED. */
  severity: string;
  verdict?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Paper
      p="lg"
      withBorder
      data-testid={testId ?? "scan-verdict"}
      data-severity={severity}
      data-verdict={verdict}
      style={verdictPanelStyle(color)}
    >
      {children}
    </Paper>
  );
}
