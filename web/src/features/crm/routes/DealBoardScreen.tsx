import { useReducer, useState } from "react";
import { ActionIcon, Alert, Badge, Button, Card, Group, Loader, Menu, Modal, ScrollArea, Stack, Text, Textarea, Title } from "@mantine/core";
import { DndContext, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { getRouteApi } from "@tanstack/react-router";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { DealStage_Kind, type Deal, type DealStage } from "../../../gen/eventkit/v1/crm_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { ListSearch } from "../../../components/ListSearch";
import { QueryState } from "../../../components/QueryState";
import { useCan } from "../../../lib/session";
import { toastError } from "../../../lib/notify";
import { useShortcut } from "../../../lib/shortcuts";
import { useLastOpen } from "../../../lib/dialog";
import { useDeals, useRefreshCrm, useStages, useUpdateDeal } from "../api/crm";
import { boardReducer, columns, NO_MOVES, stageOf, type BoardColumn } from "../lib/board";
import { DealForm } from "../components/DealForm";
import { Money } from "../components/DealMoney";
import { StageEditor } from "../components/StageEditor";

const route = getRouteApi("/_app/deals");

/**
 * The pipeline as a board: a column per stage (count and total), a card per deal. Dragging a card
 * to another column moves the deal there at once and asks the node (UpdateDeal stage_id); a
 * refusal puts it back and says why. Each card also has a "Move to…" menu, for keyboards and screen
 * readers. Moving into a Lost stage asks for the reason first.
 */
export function DealBoardScreen() {
  const intl = useIntl();
  const { q } = route.useSearch();
  const navigate = route.useNavigate();
  // "/" focuses the search (ux-brief).
  useShortcut("/", () => document.querySelector<HTMLInputElement>('[data-testid="deal-search"]')?.focus());
  const stages = useStages();
  const deals = useDeals(q ?? "");
  const canEdit = useCan(Permission.CRM_WRITE);
  const update = useUpdateDeal();
  const refresh = useRefreshCrm();
  const [moves, dispatch] = useReducer(boardReducer, NO_MOVES);
  const [dialog, setDialog] = useState<{ kind: "new" } | { kind: "edit"; deal: Deal } | { kind: "lost"; deal: Deal; stage: DealStage } | { kind: "stages" } | null>(null);
  const shown = useLastOpen(dialog);
  const [reason, setReason] = useState("");
  useShortcut("n", () => setDialog({ kind: "new" }), canEdit);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const stageList = stages.data?.stages ?? [];
  const dealList = deals.data?.deals ?? [];
  const cols = columns(stageList, dealList, moves);

  const move = (deal: Deal, stage: DealStage, lostReason?: string) => {
    if (stageOf(deal, moves) === stage.id) return;
    if (stage.kind === DealStage_Kind.LOST && lostReason === undefined) {
      setReason("");
      setDialog({ kind: "lost", deal, stage });
      return;
    }
    dispatch({ type: "move", dealId: deal.id, toStageId: stage.id });
    update.mutate(
      { id: deal.id, stageId: stage.id, lostReason, expectedUpdatedAt: deal.updatedAt },
      {
        onSuccess: async () => {
          await refresh();
          dispatch({ type: "settled", dealId: deal.id });
        },
        onError: (e) => {
          dispatch({ type: "rollback", dealId: deal.id });
          toastError(e);
          void refresh();
        },
      },
    );
  };

  const onDragEnd = (e: DragEndEvent) => {
    const deal = dealList.find((d) => d.id === e.active.id);
    const stage = stageList.find((s) => s.id === e.over?.id);
    if (deal && stage) move(deal, stage);
  };
  const closeLabel = { "aria-label": intl.formatMessage({ id: "dialog.close" }) };
  const close = () => setDialog(null);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="crm.deals.title" />
        </Title>
        <Group>
          {(deals.isFetching || stages.isFetching) && !deals.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "crm.refreshing" })} />}
          <ListSearch q={q} onQuery={(x) => void navigate({ search: { q: x } })} label={intl.formatMessage({ id: "crm.deals.search" })} testId="deal-search" />
          {canEdit && (
            <>
              <Button variant="default" onClick={() => setDialog({ kind: "stages" })} data-testid="stages-edit">
                <FormattedMessage id="crm.stages.edit" />
              </Button>
              <Button onClick={() => setDialog({ kind: "new" })} data-testid="deal-new">
                <FormattedMessage id="crm.deal.new" />
              </Button>
            </>
          )}
        </Group>
      </Group>
      <QueryState
        isPending={stages.isPending || deals.isPending}
        error={stages.error ?? deals.error}
        onRetry={() => void Promise.all([stages.refetch(), deals.refetch()])}
        isEmpty={stageList.length === 0}
      >
        {dealList.length === 0 && (
          <Text c="dimmed">
            <FormattedMessage id="crm.deals.empty" />
          </Text>
        )}
        <DndContext sensors={sensors} onDragEnd={onDragEnd}>
          <ScrollArea type="auto" offsetScrollbars>
            <Group align="start" wrap="nowrap" gap="sm" data-testid="deal-board">
              {cols.map((col) => (
                <Column key={col.stage.id} col={col} stages={stageList} canEdit={canEdit} onMove={move} onEdit={(deal) => setDialog({ kind: "edit", deal })} pending={moves.pending} />
              ))}
            </Group>
          </ScrollArea>
        </DndContext>
      </QueryState>
      <Modal opened={dialog?.kind === "new" || dialog?.kind === "edit"} onClose={close} size="lg" title={intl.formatMessage({ id: shown?.kind === "edit" ? "crm.deal.edit" : "crm.deal.new" })} closeButtonProps={closeLabel}>
        {(shown?.kind === "new" || shown?.kind === "edit") && (
          <DealForm
            deal={shown.kind === "edit" ? shown.deal : undefined}
            stages={stageList}
            baseCurrency={stageList[0]?.totalValue?.currencyCode ?? ""}
            onCancel={close}
            onDone={close}
          />
        )}
      </Modal>
      <Modal opened={dialog?.kind === "lost"} onClose={close} title={intl.formatMessage({ id: "crm.deal.lostTitle" })} closeButtonProps={closeLabel}>
        {shown?.kind === "lost" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!reason.trim()) return;
              move(shown.deal, shown.stage, reason.trim());
              close();
            }}
          >
            <Stack>
              <Text size="sm">
                <FormattedMessage id="crm.deal.lostHint" values={{ deal: shown.deal.title, stage: shown.stage.name }} />
              </Text>
              <Textarea label={intl.formatMessage({ id: "crm.deal.lostReason" })} required data-autofocus maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="lost-reason" />
              <Group justify="end">
                <Button variant="default" onClick={close}>
                  <FormattedMessage id="crm.cancel" />
                </Button>
                <Button type="submit" color="red.9" disabled={!reason.trim()} data-testid="lost-submit">
                  <FormattedMessage id="crm.deal.markLost" />
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
      <Modal opened={dialog?.kind === "stages"} onClose={close} size="lg" title={intl.formatMessage({ id: "crm.stages.edit" })} closeButtonProps={closeLabel}>
        {shown?.kind === "stages" && <StageEditor stages={stageList} onDone={close} onCancel={close} />}
      </Modal>
    </Stack>
  );
}

const KIND_COLOR: Record<number, string> = { [DealStage_Kind.WON]: "teal", [DealStage_Kind.LOST]: "gray" };

function Column({ col, stages, canEdit, onMove, onEdit, pending }: { col: BoardColumn; stages: DealStage[]; canEdit: boolean; onMove(d: Deal, s: DealStage): void; onEdit(d: Deal): void; pending: Record<string, string> }) {
  const { setNodeRef, isOver } = useDroppable({ id: col.stage.id, disabled: !canEdit });
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="xs"
      w={260}
      miw={260}
      bg={isOver ? "var(--mantine-color-blue-light)" : "var(--mantine-color-gray-light)"}
      data-testid="deal-column"
      data-stage={col.stage.name}
      aria-label={col.stage.name}
      role="region"
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={700} size="sm">
          {col.stage.name}{" "}
          <Badge size="xs" variant="light" color={KIND_COLOR[col.stage.kind] ?? "blue"} data-testid="deal-column-count">
            {col.count}
          </Badge>
        </Text>
        <Text size="xs" fw={600} data-testid="deal-column-total">
          <Money value={col.total} />
        </Text>
      </Group>
      <Stack gap="xs" mih={80}>
        {col.deals.map((d) => (
          <DealCard key={d.id} deal={d} stages={stages} canEdit={canEdit} onMove={onMove} onEdit={onEdit} moving={d.id in pending} />
        ))}
      </Stack>
    </Card>
  );
}

function DealCard({ deal, stages, canEdit, onMove, onEdit, moving }: { deal: Deal; stages: DealStage[]; canEdit: boolean; onMove(d: Deal, s: DealStage): void; onEdit(d: Deal): void; moving: boolean }) {
  const intl = useIntl();
  // Pointer drag only (no dnd-kit keyboard attributes): keyboards and screen readers use "Move to…".
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({ id: deal.id, disabled: !canEdit });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10 } : undefined;
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="xs"
      shadow={isDragging ? "md" : undefined}
      style={{ ...style, opacity: moving ? 0.7 : 1, cursor: canEdit ? "grab" : undefined, touchAction: "none" }}
      data-testid="deal-card"
      data-deal={deal.title}
      {...listeners}
    >
      <Group justify="space-between" wrap="nowrap" align="start">
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {deal.title}
          </Text>
          <AnchorLink to="/clients/$companyId" params={{ companyId: deal.companyId }} size="xs" onPointerDown={(e) => e.stopPropagation()}>
            {deal.companyName}
          </AnchorLink>
        </Stack>
        {canEdit && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={intl.formatMessage({ id: "crm.deal.moveTo" }, { deal: deal.title })} onPointerDown={(e) => e.stopPropagation()} data-testid="deal-move">
                ⋯
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onEdit(deal)}>
                <FormattedMessage id="crm.edit" />
              </Menu.Item>
              <Menu.Label>
                <FormattedMessage id="crm.deal.moveToLabel" />
              </Menu.Label>
              {stages
                .filter((s) => s.id !== deal.stageId)
                .map((s) => (
                  <Menu.Item key={s.id} onClick={() => onMove(deal, s)} data-testid="deal-move-to" data-stage={s.name}>
                    {s.name}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Group justify="space-between" mt={4}>
        <Text size="sm">
          <Money value={deal.value} />
        </Text>
        <Text size="xs" c="dimmed">
          {deal.expectedClose ? intl.formatDate(timestampDate(deal.expectedClose), { day: "numeric", month: "short" }) : ""}
          {deal.probability ? ` · ${deal.probability} %` : ""}
        </Text>
      </Group>
      {deal.lostReason && (
        <Alert color="gray" p={4} mt={4}>
          <Text size="xs">{deal.lostReason}</Text>
        </Alert>
      )}
    </Card>
  );
}
