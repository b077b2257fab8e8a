import { Alert, List, Text, ThemeIcon } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { ConflictSeverity, type CrewConflict } from "../../../gen/eventkit/v1/crew_pb";
import { conflictKindKey, conflictLevel, sortConflicts } from "../lib/crew";

/**
 * The conflicts of a prospective assignment: refusals in red (nothing can be done but change the
 * call or the person), warnings in amber (may be overridden with a reason), or a green all-clear.
 */
export function ConflictList({ conflicts, checking }: { conflicts: CrewConflict[]; checking?: boolean }) {
  const intl = useIntl();
  const level = conflictLevel(conflicts);
  if (level === "none") {
    return (
      <Text size="sm" c="green" role="status" data-testid="conflicts-none">
        <FormattedMessage id={checking ? "crew.conflicts.checking" : "crew.conflicts.none"} />
      </Text>
    );
  }
  return (
    <Alert
      color={level === "refusal" ? "red" : "yellow"}
      role="status"
      title={intl.formatMessage({ id: level === "refusal" ? "crew.conflicts.refused" : "crew.conflicts.warnings" })}
      data-testid="conflicts"
      data-level={level}
    >
      <List size="sm" spacing={4} center>
        {sortConflicts(conflicts).map((c, i) => {
          const refusal = c.severity === ConflictSeverity.REFUSAL;
          return (
            <List.Item
              key={`${c.kind}-${c.relatedId}-${c.skill}-${i}`}
              data-testid="conflict"
              data-kind={c.kind}
              data-severity={refusal ? "refusal" : "warning"}
              icon={
                <ThemeIcon size={18} radius="xl" color={refusal ? "red.9" : "yellow.5"} c={refusal ? "white" : "dark.9"} aria-hidden>
                  {refusal ? "✕" : "!"}
                </ThemeIcon>
              }
            >
              <Text span size="sm" fw={600}>
                <FormattedMessage id={conflictKindKey(c.kind)} />
                {" · "}
                <FormattedMessage id={refusal ? "crew.conflicts.refusal" : "crew.conflicts.warning"} />
              </Text>
              {c.message && (
                <Text span size="sm">
                  {": "}
                  {c.message}
                </Text>
              )}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}
