import { useState } from "react";
import { ActionIcon, Alert, Button, Group, NumberInput, Select, Stack, TextInput } from "@mantine/core";
import { create } from "@bufbuild/protobuf";
import { FormattedMessage, useIntl } from "react-intl";
import { DealStage_Kind, DealStageSchema, type DealStage } from "../../../gen/eventkit/v1/crm_pb";
import { toUiError } from "../../../lib/errors";
import { useSetStages } from "../api/crm";

interface Row {
  key: string;
  id: string;
  name: string;
  kind: DealStage_Kind;
  probability: number;
}

const KINDS = [DealStage_Kind.OPEN, DealStage_Kind.WON, DealStage_Kind.LOST];

/** The pipeline's stages: renamed, reordered, added, removed (a stage holding deals is refused by the node, with how many). */
export function StageEditor({ stages, onDone, onCancel }: { stages: DealStage[]; onDone(): void; onCancel(): void }) {
  const intl = useIntl();
  const [rows, setRows] = useState<Row[]>(() => stages.map((s) => ({ key: s.id, id: s.id, name: s.name, kind: s.kind, probability: s.probability })));
  const [error, setError] = useState("");
  const save = useSetStages();
  const patch = (i: number, p: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...p } : r)));
  const swap = (i: number, j: number) => {
    if (j < 0 || j >= rows.length) return;
    const next = [...rows];
    [next[i], next[j]] = [next[j], next[i]];
    setRows(next);
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError("");
    try {
      await save.mutateAsync({ stages: rows.map((r) => create(DealStageSchema, { id: r.id, name: r.name.trim(), kind: r.kind, probability: r.probability })) });
      onDone();
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="stage-editor">
      <Stack gap="xs">
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {rows.map((r, i) => (
          <Group key={r.key} gap="xs" wrap="nowrap" align="end">
            <TextInput label={intl.formatMessage({ id: "crm.stage.name" }, { n: i + 1 })} value={r.name} onChange={(e) => patch(i, { name: e.currentTarget.value })} style={{ flex: 1 }} />
            <Select
              label={intl.formatMessage({ id: "crm.stage.kind" })}
              w={110}
              allowDeselect={false}
              value={String(r.kind)}
              onChange={(k) => patch(i, { kind: Number(k) as DealStage_Kind })}
              data={KINDS.map((k) => ({ value: String(k), label: intl.formatMessage({ id: `crm.stage.kind.${DealStage_Kind[k]}` }) }))}
            />
            <NumberInput label={intl.formatMessage({ id: "crm.stage.probability" })} w={90} min={0} max={100} allowDecimal={false} value={r.probability} onChange={(n) => patch(i, { probability: typeof n === "number" ? n : 0 })} />
            <ActionIcon variant="default" size="lg" onClick={() => swap(i, i - 1)} disabled={i === 0} aria-label={intl.formatMessage({ id: "crm.moveUp" }, { name: r.name })}>
              ↑
            </ActionIcon>
            <ActionIcon variant="default" size="lg" onClick={() => swap(i, i + 1)} disabled={i === rows.length - 1} aria-label={intl.formatMessage({ id: "crm.moveDown" }, { name: r.name })}>
              ↓
            </ActionIcon>
            <ActionIcon variant="default" color="red" size="lg" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={intl.formatMessage({ id: "crm.remove" }, { name: r.name })}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between" mt="sm">
          <Button variant="default" onClick={() => setRows([...rows, { key: `new-${rows.length}-${Date.now()}`, id: "", name: "", kind: DealStage_Kind.OPEN, probability: 50 }])}>
            <FormattedMessage id="crm.stage.add" />
          </Button>
          <Group>
            <Button variant="default" onClick={onCancel}>
              <FormattedMessage id="crm.cancel" />
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="stages-save">
              <FormattedMessage id="crm.save" />
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
