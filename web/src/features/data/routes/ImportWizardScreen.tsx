import { useMemo, useState } from "react";
import { Alert, Button, Code, Group, Loader, Modal, NativeSelect, Paper, Stack, Stepper, Text, TextInput, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { FormattedMessage, useIntl } from "react-intl";
import { CsvEncoding, type ImportCsvResponse, type ImportMapping } from "../../../gen/eventkit/v1/data_pb";
import { ButtonLink } from "../../../components/ButtonLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useDeleteImportMapping, useImportCsv, useImportMappings, useSaveImportMapping } from "../api/data";
import { ApplyProgress, type ApplyPhase } from "../components/ApplyProgress";
import { FileDrop, useBytes } from "../components/FileDrop";
import { ImportSummary, RowErrors, delimiterName } from "../components/ImportSummary";
import { MappingEditor } from "../components/MappingEditor";
import { readFileHead, type Delimiter, type EncodingChoice, type FileHead } from "../lib/csvHead";
import { ENTITIES, entityByKey } from "../lib/entities";
import {
  mappingNameProblem,
  missingKeys,
  resolveMapping,
  sameAssignment,
  suggestMappingName,
  toColumns,
  unusedColumns,
  type Assignment,
  type EntityKey,
} from "../lib/mapping";

const ENCODING: Record<EncodingChoice, CsvEncoding> = {
  auto: CsvEncoding.UNSPECIFIED,
  utf8: CsvEncoding.UTF8,
  windows1252: CsvEncoding.WINDOWS_1252,
};

type Step = 0 | 1 | 2 | 3;

/**
 * The import wizard (docs/data.md, "Import"): a file and what it holds, its columns mapped to
 * fields, a dry run with the node's per-row errors, then the apply. The node checks everything
 * again on each call; the checks here only save a round trip.
 */
export function ImportWizardScreen() {
  const intl = useIntl();
  const bytes = useBytes();
  // Four labelled steps do not fit side by side on a phone.
  const narrow = useMediaQuery("(max-width: 36em)");
  const [step, setStep] = useState<Step>(0);
  const [entityKey, setEntityKey] = useState<EntityKey>("product");
  const entity = entityByKey(entityKey)!;
  const [file, setFile] = useState<File | null>(null);
  const [mappingName, setMappingName] = useState("eventkit");
  const [encoding, setEncoding] = useState<EncodingChoice>("auto");
  const [delimiter, setDelimiter] = useState<"" | Delimiter>("");
  const [head, setHead] = useState<FileHead | null>(null);
  const [headProblem, setHeadProblem] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [assignment, setAssignment] = useState<Assignment>({});
  /** The mapping just saved, until the list has it. */
  const [justSaved, setJustSaved] = useState<ImportMapping | null>(null);
  const [saveName, setSaveName] = useState("");
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [dry, setDry] = useState<ImportCsvResponse | null>(null);
  const [phase, setPhase] = useState<ApplyPhase | null>(null);
  const [applied, setApplied] = useState<ImportCsvResponse | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);

  const mappings = useImportMappings(entity.entity);
  const save = useSaveImportMapping();
  const remove = useDeleteImportMapping();
  const dryRun = useImportCsv();
  const apply = useImportCsv();

  const list = mappings.data?.mappings ?? [];
  const selected = justSaved?.name === mappingName && justSaved.entity === entity.entity ? justSaved : list.find((m) => m.name === mappingName);
  // Every field of the entity: the EventKit template maps each under its own name.
  const fields = list.find((m) => m.name === "eventkit")?.columns.map((c) => c.field) ?? [];
  const base = useMemo(
    () => (selected && head ? resolveMapping(selected.columns, head.headers) : {}),
    [selected, head],
  );
  const dirty = !!head && !sameAssignment(assignment, base);
  const missing = head ? missingKeys(entityKey, assignment) : [];

  const resetFrom = (s: Step) => {
    if (s <= 0) {
      setHead(null);
      setHeadProblem(null);
    }
    if (s <= 1) setDry(null);
    setPhase(null);
    setApplied(null);
    setApplyError(null);
    dryRun.reset();
    apply.reset();
  };

  const chooseEntity = (key: EntityKey) => {
    setEntityKey(key);
    setMappingName("eventkit");
    setJustSaved(null);
    resetFrom(0);
  };

  const chooseFile = (f: File | null) => {
    setFile(f);
    resetFrom(0);
  };

  /** Step 1 → 2: read the header and start from what the chosen mapping fills. */
  const toColumnsStep = async () => {
    if (!file || !selected) return;
    setReading(true);
    setHeadProblem(null);
    try {
      const r = await readFileHead(file, encoding, delimiter || undefined);
      if (!r.ok) {
        setHeadProblem(intl.formatMessage({ id: `data.import.file.problem.${r.reason}` }));
        return;
      }
      setHead(r.head);
      setAssignment(resolveMapping(selected.columns, r.head.headers));
      setSaveName(selected.template ? suggestMappingName(file.name, entityKey) : selected.name);
      setSaveProblem(null);
      setDry(null);
      setStep(1);
    } catch {
      setHeadProblem(intl.formatMessage({ id: "data.import.file.problem.unreadable" }));
    } finally {
      setReading(false);
    }
  };

  const saveMapping = async () => {
    const problem = mappingNameProblem(saveName);
    if (problem) {
      setSaveProblem(intl.formatMessage({ id: `data.import.save.problem.${problem}` }));
      return;
    }
    setSaveProblem(null);
    try {
      const m = await save.mutateAsync({ name: saveName, entity: entity.entity, columns: toColumns(fields, assignment) });
      setJustSaved(m);
      setMappingName(m.name);
      toastInfo(intl.formatMessage({ id: "data.import.save.done" }, { name: m.name }));
    } catch (e) {
      const err = toUiError(e, { name: "name" });
      setSaveProblem(err.fields.name ?? err.message);
    }
  };

  const request = async (dry: boolean) => ({
    entity: entity.entity,
    content: new Uint8Array(await file!.arrayBuffer()),
    mapping: mappingName,
    encoding: ENCODING[encoding],
    delimiter,
    dryRun: dry,
  });

  const runDry = async () => {
    if (!file) return;
    setStep(2);
    resetFrom(1);
    try {
      setDry(await dryRun.mutateAsync(await request(true)));
    } catch {
      // dryRun.error shows it.
    }
  };

  const runApply = async () => {
    if (!file) return;
    setStep(3);
    setApplyError(null);
    setApplied(null);
    setPhase("reading");
    try {
      const req = await request(false);
      setPhase("sending");
      const r = await apply.mutateAsync(req);
      setApplied(r);
      setPhase(r.applied ? "done" : "failed");
    } catch (e) {
      setApplyError(toUiError(e).message);
      setPhase("failed");
    }
  };

  const anotherFile = () => {
    setFile(null);
    resetFrom(0);
    setStep(0);
  };

  const busy = phase === "reading" || phase === "sending";
  const finished = phase === "done";
  const nothingToChange = !!dry && dry.errorCount === 0n && dry.created === 0n && dry.updated === 0n;
  const entityName = intl.formatMessage({ id: `data.entity.${entityKey}` });
  const fileSize = file ? bytes(file.size) : "";

  return (
    <Stack maw={1100}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>
          <FormattedMessage id="data.import.title" />
        </Title>
        <ButtonLink to="/data" variant="subtle">
          <FormattedMessage id="data.import.toExport" />
        </ButtonLink>
      </Group>
      <Text c="dimmed">
        <FormattedMessage id="data.import.intro" />
      </Text>
      <Stepper
        active={step}
        onStepClick={(i) => {
          if (i < step && !busy && !finished) setStep(i as Step);
        }}
        allowNextStepsSelect={false}
        orientation={narrow ? "vertical" : "horizontal"}
        size="sm"
        data-testid="import-stepper"
        data-step={step}
      >
        <Stepper.Step label={intl.formatMessage({ id: "data.import.step.file" })}>
          <Stack mt="md">
            <NativeSelect
              label={intl.formatMessage({ id: "data.import.entity" })}
              value={entityKey}
              onChange={(e) => chooseEntity(e.currentTarget.value as EntityKey)}
              data={ENTITIES.map((x) => ({ value: x.key, label: intl.formatMessage({ id: `data.entity.${x.key}` }) }))}
              description={intl.formatMessage({ id: "data.import.entityOrder" })}
              data-testid="import-entity"
              maw={360}
            />
            <FileDrop file={file} onFile={chooseFile} />
            <QueryState isPending={mappings.isPending} error={mappings.error} onRetry={() => void mappings.refetch()}>
              <Group align="flex-end" wrap="wrap">
                <NativeSelect
                  label={intl.formatMessage({ id: "data.import.mapping" })}
                  description={intl.formatMessage({ id: "data.import.mappingHint" })}
                  value={mappingName}
                  onChange={(e) => {
                    setMappingName(e.currentTarget.value);
                    resetFrom(0);
                  }}
                  data={list.map((m) => ({
                    value: m.name,
                    label: m.template
                      ? intl.formatMessage({ id: `data.import.template.${m.name}` })
                      : intl.formatMessage({ id: "data.import.savedMapping" }, { name: m.name }),
                  }))}
                  data-testid="import-mapping"
                  w={{ base: "100%", xs: 360 }}
                />
                {selected && !selected.template && (
                  <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)} data-testid="mapping-delete">
                    <FormattedMessage id="data.import.mappingDelete" />
                  </Button>
                )}
              </Group>
            </QueryState>
            <Group wrap="wrap">
              <NativeSelect
                label={intl.formatMessage({ id: "data.import.encoding" })}
                value={encoding}
                onChange={(e) => {
                  setEncoding(e.currentTarget.value as EncodingChoice);
                  resetFrom(0);
                }}
                data={(["auto", "utf8", "windows1252"] as const).map((v) => ({ value: v, label: intl.formatMessage({ id: `data.import.encoding.${v}` }) }))}
                data-testid="import-encoding"
                w={{ base: "100%", xs: 240 }}
              />
              <NativeSelect
                label={intl.formatMessage({ id: "data.import.delimiter" })}
                value={delimiter === "\t" ? "tab" : delimiter}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setDelimiter(v === "tab" ? "\t" : (v as "" | Delimiter));
                  resetFrom(0);
                }}
                data={[
                  { value: "", label: intl.formatMessage({ id: "data.import.delimiter.auto" }) },
                  { value: ",", label: intl.formatMessage({ id: "data.import.delimiter.comma" }) },
                  { value: ";", label: intl.formatMessage({ id: "data.import.delimiter.semicolon" }) },
                  { value: "tab", label: intl.formatMessage({ id: "data.import.delimiter.tab" }) },
                ]}
                data-testid="import-delimiter"
                w={{ base: "100%", xs: 240 }}
              />
            </Group>
            {headProblem && (
              <Alert color="red" role="alert" data-testid="import-head-problem">
                {headProblem}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button onClick={() => void toColumnsStep()} disabled={!file || !selected} loading={reading} data-testid="import-next">
                <FormattedMessage id="data.import.next.columns" />
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={intl.formatMessage({ id: "data.import.step.columns" })}>
          {head && (
            <Stack mt="md">
              <Text size="sm" data-testid="import-head" data-columns={head.headers.length}>
                <FormattedMessage
                  id="data.import.head"
                  values={{
                    name: file?.name ?? "",
                    count: head.headers.length,
                    encoding: head.encoding,
                    delimiter: delimiterName(intl, head.delimiter),
                  }}
                />
              </Text>
              <MappingEditor entity={entityKey} fields={fields} headers={head.headers} sample={head.sample} assignment={assignment} onChange={setAssignment} />
              {unusedColumns(head.headers, assignment).length > 0 && (
                <Text size="sm" c="dimmed" data-testid="import-unused">
                  <FormattedMessage id="data.import.unused" values={{ columns: unusedColumns(head.headers, assignment).join(", ") }} />
                </Text>
              )}
              {missing.length > 0 && (
                <Alert color="yellow" role="alert" data-testid="import-missing-key">
                  <FormattedMessage
                    id="data.import.missingKey"
                    values={{
                      fields: missing.map((g) => g.join(intl.formatMessage({ id: "data.import.or" }))).join("; "),
                    }}
                  />
                </Alert>
              )}
              {dirty && (
                <Paper withBorder p="sm" radius="md" data-testid="mapping-save">
                  <Stack gap="xs">
                    <Text size="sm">
                      <FormattedMessage id="data.import.save.why" />
                    </Text>
                    <Group align="flex-start" wrap="wrap">
                      <TextInput
                        label={intl.formatMessage({ id: "data.import.save.name" })}
                        description={intl.formatMessage({ id: "data.import.save.nameHint" })}
                        value={saveName}
                        onChange={(e) => setSaveName(e.currentTarget.value)}
                        error={saveProblem}
                        data-testid="mapping-name"
                        w={{ base: "100%", xs: 280 }}
                      />
                      <Button mt={{ base: 0, xs: 44 }} onClick={() => void saveMapping()} loading={save.isPending} disabled={missing.length > 0} data-testid="mapping-save-submit">
                        <FormattedMessage id="data.import.save.submit" />
                      </Button>
                    </Group>
                  </Stack>
                </Paper>
              )}
              {!dirty && (
                <Text size="sm" c="dimmed" data-testid="mapping-in-use">
                  <FormattedMessage id="data.import.mappingInUse" values={{ name: <Code>{mappingName}</Code> }} />
                </Text>
              )}
              <Group justify="space-between" wrap="wrap">
                <Button variant="default" onClick={() => setStep(0)}>
                  <FormattedMessage id="data.import.back" />
                </Button>
                <Button onClick={() => void runDry()} disabled={dirty || missing.length > 0} data-testid="import-dryrun">
                  <FormattedMessage id="data.import.next.dryRun" />
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>

        <Stepper.Step label={intl.formatMessage({ id: "data.import.step.check" })}>
          <Stack mt="md" data-testid="import-check">
            {dryRun.isPending && (
              <Group role="status" aria-live="polite" gap="sm">
                <Loader size="sm" />
                <Text>
                  <FormattedMessage id="data.import.checking" values={{ name: file?.name ?? "", size: fileSize }} />
                </Text>
              </Group>
            )}
            {dryRun.error && (
              <Alert color="red" role="alert" data-testid="import-refused">
                <FormattedMessage id="data.import.refused" values={{ message: toUiError(dryRun.error).message }} />
              </Alert>
            )}
            {dry && (
              <>
                <ImportSummary result={dry} dryRun />
                {dry.errorCount > 0n && (
                  <>
                    <Alert color="red" role="alert" data-testid="import-has-errors">
                      <FormattedMessage id="data.import.hasErrors" values={{ count: Number(dry.errorCount) }} />
                    </Alert>
                    <RowErrors errors={dry.errors} total={dry.errorCount} />
                  </>
                )}
                {nothingToChange && (
                  <Alert color="blue" data-testid="import-nothing" role="status">
                    <FormattedMessage id="data.import.nothing" values={{ rows: Number(dry.rows) }} />
                  </Alert>
                )}
                {dry.errorCount === 0n && !nothingToChange && (
                  <Alert color="teal" data-testid="import-clean" role="status">
                    <FormattedMessage
                      id="data.import.clean"
                      values={{ created: Number(dry.created), updated: Number(dry.updated), entity: entityName }}
                    />
                  </Alert>
                )}
              </>
            )}
            <Group justify="space-between" wrap="wrap">
              <Group wrap="wrap">
                <Button variant="default" onClick={anotherFile} data-testid="import-another">
                  <FormattedMessage id="data.import.chooseAgain" />
                </Button>
                <Button variant="default" onClick={() => setStep(1)} disabled={dryRun.isPending}>
                  <FormattedMessage id="data.import.backColumns" />
                </Button>
              </Group>
              <Button
                onClick={() => void runApply()}
                disabled={!dry || dry.errorCount > 0n || nothingToChange}
                data-testid="import-apply"
              >
                <FormattedMessage id="data.import.apply" values={{ rows: Number(dry?.rows ?? 0n) }} />
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={intl.formatMessage({ id: "data.import.step.apply" })}>
          <Stack mt="md" data-testid="import-result">
            {phase && <ApplyProgress phase={phase} fileSize={fileSize} />}
            {applyError && (
              <Alert color="red" role="alert" data-testid="import-apply-error">
                <FormattedMessage id="data.import.applyFailed" values={{ message: applyError }} />
              </Alert>
            )}
            {applied && <ImportSummary result={applied} dryRun={false} />}
            {applied && !applied.applied && (
              <>
                <Alert color="red" role="alert" data-testid="import-not-applied">
                  <FormattedMessage id="data.import.notApplied" values={{ count: Number(applied.errorCount) }} />
                </Alert>
                <RowErrors errors={applied.errors} total={applied.errorCount} />
              </>
            )}
            {applied?.applied && (
              <Alert color="teal" role="status" data-testid="import-done">
                <FormattedMessage
                  id="data.import.done"
                  values={{ created: Number(applied.created), updated: Number(applied.updated), unchanged: Number(applied.unchanged), entity: entityName }}
                />
              </Alert>
            )}
            <Group wrap="wrap">
              {applied?.applied && (
                <ButtonLink to={entity.list} data-testid="import-open-list">
                  <FormattedMessage id={`data.import.open.${entityKey}`} />
                </ButtonLink>
              )}
              {(applyError || (applied && !applied.applied)) && (
                <Button variant="default" onClick={() => setStep(2)}>
                  <FormattedMessage id="data.import.backCheck" />
                </Button>
              )}
              {!busy && (
                <Button variant={applied?.applied ? "default" : "light"} onClick={anotherFile} data-testid="import-again">
                  <FormattedMessage id="data.import.another" />
                </Button>
              )}
            </Group>
          </Stack>
        </Stepper.Step>
      </Stepper>

      <Modal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={intl.formatMessage({ id: "data.import.mappingDeleteTitle" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "data.close" }) }}
      >
        <Stack>
          <Text>
            <FormattedMessage id="data.import.mappingDeleteConfirm" values={{ name: mappingName }} />
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              <FormattedMessage id="data.cancel" />
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              data-testid="mapping-delete-confirm"
              onClick={() =>
                remove.mutate(
                  { name: mappingName },
                  {
                    onSuccess: () => {
                      setConfirmDelete(false);
                      setJustSaved(null);
                      setMappingName("eventkit");
                      resetFrom(0);
                    },
                    onError: (e) => {
                      setConfirmDelete(false);
                      setHeadProblem(toUiError(e).message);
                    },
                  },
                )
              }
            >
              <FormattedMessage id="data.import.mappingDelete" />
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
