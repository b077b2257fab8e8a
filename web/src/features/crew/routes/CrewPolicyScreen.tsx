import { useEffect, useState } from "react";
import { Alert, Button, Card, Group, NumberInput, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { ConflictSeverity, CrewConflictKind, type CrewPolicy } from "../../../gen/eventkit/v1/crew_pb";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useCrewPolicy, useSetCrewPolicy } from "../api/crew";
import { conflictKindKey, formatMinutes } from "../lib/crew";

type RuleField = "doubleBooked" | "missingSkill" | "qualificationExpired" | "insufficientRest" | "unavailable";
const RULES: { field: RuleField; kind: CrewConflictKind }[] = [
  { field: "doubleBooked", kind: CrewConflictKind.DOUBLE_BOOKED },
  { field: "missingSkill", kind: CrewConflictKind.MISSING_SKILL },
  { field: "qualificationExpired", kind: CrewConflictKind.QUALIFICATION_EXPIRED },
  { field: "insufficientRest", kind: CrewConflictKind.INSUFFICIENT_REST },
  { field: "unavailable", kind: CrewConflictKind.UNAVAILABLE },
];

/** The crew policy (CREW_MANAGE): minimum rest between calls, and whether each rule warns or refuses. */
export function CrewPolicyScreen() {
  const intl = useIntl();
  const canManage = useCan(Permission.CREW_MANAGE);
  const policy = useCrewPolicy();
  const save = useSetCrewPolicy();
  const [v, setV] = useState<Pick<CrewPolicy, "minRestMinutes" | RuleField> | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    if (policy.data && !v) {
      const p = policy.data;
      const sev = (s: ConflictSeverity) => (s === ConflictSeverity.UNSPECIFIED ? ConflictSeverity.WARNING : s);
      setV({
        minRestMinutes: p.minRestMinutes,
        doubleBooked: sev(p.doubleBooked),
        missingSkill: sev(p.missingSkill),
        qualificationExpired: sev(p.qualificationExpired),
        insufficientRest: sev(p.insufficientRest),
        unavailable: sev(p.unavailable),
      });
    }
  }, [policy.data, v]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!v) return;
    setError("");
    if (!Number.isInteger(v.minRestMinutes) || v.minRestMinutes < 0 || v.minRestMinutes > 7 * 24 * 60) {
      setError(intl.formatMessage({ id: "crew.policy.badRest" }));
      return;
    }
    save.mutate(v, { onSuccess: () => toastInfo(intl.formatMessage({ id: "crew.policy.saved" })), onError: (err) => setError(toUiError(err).message) });
  };

  return (
    <Stack maw={760}>
      <Title order={2}>
        <FormattedMessage id="crew.policy.title" />
      </Title>
      {!canManage && (
        <Alert color="gray" role="status">
          <FormattedMessage id="crew.needManage" />
        </Alert>
      )}
      <QueryState isPending={policy.isPending} error={policy.error} onRetry={() => void policy.refetch()}>
        {v && (
          <form onSubmit={submit} noValidate data-testid="crew-policy">
            <Card withBorder padding="md">
              <Stack>
                {error && (
                  <Alert color="red" role="alert">
                    {error}
                  </Alert>
                )}
                <Group align="end">
                  <NumberInput
                    label={intl.formatMessage({ id: "crew.policy.minRest" })}
                    description={intl.formatMessage({ id: "crew.policy.minRestHint" }, { hours: formatMinutes(v.minRestMinutes) })}
                    min={0}
                    max={10080}
                    step={30}
                    allowDecimal={false}
                    disabled={!canManage}
                    value={v.minRestMinutes}
                    onChange={(x) => setV({ ...v, minRestMinutes: typeof x === "number" ? x : Number(x) || 0 })}
                    w={260}
                    data-testid="policy-min-rest"
                  />
                </Group>
                <Table verticalSpacing={6}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{intl.formatMessage({ id: "crew.policy.rule" })}</Table.Th>
                      <Table.Th>{intl.formatMessage({ id: "crew.policy.severity" })}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {RULES.map((r) => (
                      <Table.Tr key={r.field} data-testid="policy-rule" data-rule={r.field}>
                        <Table.Td>
                          <Text size="sm" id={`policy-${r.field}`}>
                            <FormattedMessage id={conflictKindKey(r.kind)} />
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <SegmentedControl
                            aria-labelledby={`policy-${r.field}`}
                            disabled={!canManage}
                            value={String(v[r.field])}
                            onChange={(x) => setV({ ...v, [r.field]: Number(x) as ConflictSeverity })}
                            color={v[r.field] === ConflictSeverity.REFUSAL ? "red.9" : undefined}
                            data={[
                              { value: String(ConflictSeverity.WARNING), label: intl.formatMessage({ id: "crew.conflicts.warning" }) },
                              { value: String(ConflictSeverity.REFUSAL), label: intl.formatMessage({ id: "crew.conflicts.refusal" }) },
                            ]}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {canManage && (
                  <Group justify="end">
                    <Button type="submit" loading={save.isPending} data-testid="policy-save">
                      <FormattedMessage id="crew.save" />
                    </Button>
                  </Group>
                )}
              </Stack>
            </Card>
          </form>
        )}
      </QueryState>
    </Stack>
  );
}
