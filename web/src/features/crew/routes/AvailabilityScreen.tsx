import { useMemo, useState } from "react";
import { Box, Button, Group, Loader, Modal, Stack, Text, TextInput, Title, Tooltip, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { BusyKind, type AvailabilityRow, type BusyBlock } from "../../../gen/eventkit/v1/crew_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { ListSearch } from "../../../components/ListSearch";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { addDays, parseDay, startOfDay } from "../../../lib/dates";
import { useCan } from "../../../lib/session";
import { toastInfo } from "../../../lib/notify";
import { useAvailabilityGrid, useEventById } from "../api/crew";
import { AssignmentForm } from "../components/AssignmentForm";
import { EventPicker } from "../components/EventPicker";
import { freeDays, gridDays, isoDay, normaliseSkill, placeBlocks } from "../lib/crew";
import "./grid.css";

const route = getRouteApi("/_app/crew/availability");
export const GRID_DAYS = 14;
const LANE_HEIGHT = 26;
const NAME_WIDTH = 200;

const BLOCK_STYLE: Record<BusyKind, React.CSSProperties> = {
  [BusyKind.UNSPECIFIED]: { background: "var(--mantine-color-gray-2)", color: "var(--mantine-color-dark-9)" },
  // Tentative: hatched amber, outlined (the status ladder's "pencil").
  [BusyKind.ASSIGNMENT_OFFERED]: {
    background: "repeating-linear-gradient(135deg, var(--mantine-color-yellow-2) 0 6px, var(--mantine-color-yellow-0) 6px 12px)",
    border: "2px solid var(--mantine-color-yellow-7)",
    color: "var(--mantine-color-dark-9)",
  },
  // Firm: solid.
  [BusyKind.ASSIGNMENT_ACCEPTED]: { background: "var(--mantine-color-blue-8)", color: "white" },
  [BusyKind.UNAVAILABLE]: { background: "var(--mantine-color-gray-4)", color: "var(--mantine-color-dark-9)" },
};

/**
 * The planner's grid: crew rows × 14 days (prev / next / today), filtered by name and skill on the
 * server, a page of rows at a time. Offered assignments hatched amber, accepted solid, unavailable
 * grey, each with its label and times on hover or focus. With an event chosen, an empty cell offers
 * that person the job for that day.
 */
export function AvailabilityScreen() {
  const intl = useIntl();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canWrite = useCan(Permission.CREW_WRITE);
  const from = parseDay(search.from) ?? startOfDay(new Date());
  const days = useMemo(() => gridDays(from, GRID_DAYS), [from.getTime()]);
  const to = addDays(days[0], GRID_DAYS);
  const grid = useAvailabilityGrid(days[0], to, search);
  const event = useEventById(search.event ?? "");
  const [offer, setOffer] = useState<{ member: { id: string; name: string }; day: Date } | null>(null);
  const rows = grid.data?.rows ?? [];
  const today = isoDay(new Date());
  const move = (d: Date | undefined) => void navigate({ search: (s) => ({ ...s, from: d ? isoDay(d) : undefined, page: undefined }) });
  const setSkill = (value: string) => void navigate({ search: (s) => ({ ...s, skill: normaliseSkill(value) || undefined, page: undefined }) });
  const ev = event.data?.event;

  const callFor = (day: Date) => {
    const dayEnd = addDays(day, 1);
    const es = ev?.period?.start ? timestampDate(ev.period.start) : undefined;
    const ee = ev?.period?.end ? timestampDate(ev.period.end) : undefined;
    if (es && ee && es < dayEnd && ee > day) return { start: es > day ? es : day, end: ee < dayEnd ? ee : dayEnd };
    return { start: new Date(day.getTime() + 9 * 3600000), end: new Date(day.getTime() + 18 * 3600000) };
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="crew.grid.title" />
        </Title>
        <Group>
          {grid.isFetching && !grid.isPending && <Loader size="xs" aria-label={t("crew.refreshing")} />}
          <AnchorLink to="/crew" size="sm">
            <FormattedMessage id="crew.list.title" />
          </AnchorLink>
        </Group>
      </Group>
      <Group align="end" wrap="wrap">
        <Button.Group>
          <Button variant="default" onClick={() => move(addDays(days[0], -GRID_DAYS))} data-testid="grid-prev">
            <FormattedMessage id="crew.grid.prev" />
          </Button>
          <Button variant="default" onClick={() => move(undefined)} data-testid="grid-today">
            <FormattedMessage id="crew.grid.today" />
          </Button>
          <Button variant="default" onClick={() => move(addDays(days[0], GRID_DAYS))} data-testid="grid-next">
            <FormattedMessage id="crew.grid.next" />
          </Button>
        </Button.Group>
        <ListSearch q={search.q} onQuery={(q) => void navigate({ search: (s) => ({ ...s, q, page: undefined }) })} label={t("crew.list.search")} testId="grid-search" />
        <TextInput
          aria-label={t("crew.skillFilter")}
          placeholder={t("crew.skillFilter")}
          defaultValue={search.skill ?? ""}
          key={search.skill ?? ""}
          onBlur={(e) => setSkill(e.currentTarget.value)}
          onKeyDown={(e) => e.key === "Enter" && setSkill(e.currentTarget.value)}
          w={160}
          data-testid="grid-skill"
        />
        {canWrite && <EventPicker value={search.event} onChange={(id) => void navigate({ search: (s) => ({ ...s, event: id }) })} />}
      </Group>
      <Group gap="md" aria-hidden>
        {[BusyKind.ASSIGNMENT_OFFERED, BusyKind.ASSIGNMENT_ACCEPTED, BusyKind.UNAVAILABLE].map((k) => (
          <Group gap={6} key={k}>
            <Box w={28} h={14} style={{ ...BLOCK_STYLE[k], borderRadius: 3 }} />
            <Text size="xs">
              <FormattedMessage id={`crew.busy.${BusyKind[k]}`} />
            </Text>
          </Group>
        ))}
        {ev && (
          <Text size="xs" c="dimmed">
            <FormattedMessage id="crew.grid.clickToOffer" values={{ event: ev.name }} />
          </Text>
        )}
      </Group>
      <QueryState isPending={grid.isPending} error={grid.error} onRetry={() => void grid.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="crew.grid.empty" />}>
        <Box style={{ overflowX: "auto" }} data-testid="crew-grid">
          <Box miw={NAME_WIDTH + GRID_DAYS * 56}>
            <div>
              <Box style={{ display: "grid", gridTemplateColumns: `${NAME_WIDTH}px repeat(${GRID_DAYS}, minmax(52px, 1fr))`, borderBottom: "1px solid var(--mantine-color-gray-4)" }}>
                <Text size="xs" fw={600} p={4}>
                  <FormattedMessage id="crew.member" />
                </Text>
                {days.map((d) => {
                  const isToday = isoDay(d) === today;
                  const weekend = d.getDay() === 0 || d.getDay() === 6;
                  return (
                    <Text
                      key={d.getTime()}
                     
                      size="xs"
                      fw={isToday ? 700 : 500}
                      ta="center"
                      p={4}
                      bg={isToday ? "blue.0" : weekend ? "gray.0" : undefined}
                      title={intl.formatDate(d, { dateStyle: "full" })}
                    >
                      {intl.formatDate(d, { weekday: "short" })}
                      <br />
                      {intl.formatDate(d, { day: "numeric", month: "short" })}
                    </Text>
                  );
                })}
              </Box>
            </div>
            <div>
              {rows.map((r) => (
                <GridRow
                  key={r.member?.id}
                  row={r}
                  days={days}
                  today={today}
                  canOffer={!!ev && canWrite}
                  onOffer={(day) => r.member && setOffer({ member: { id: r.member.id, name: r.member.name }, day })}
                />
              ))}
            </div>
          </Box>
        </Box>
        <Pager page={search.page} next={grid.data?.page?.nextPageToken || undefined} onPage={(tk) => void navigate({ search: (s) => ({ ...s, page: tk }) })} />
      </QueryState>
      <Modal opened={!!offer && !!ev} onClose={() => setOffer(null)} title={t("crew.grid.offerTitle", { event: ev?.name ?? "" })} size="xl" closeButtonProps={{ "aria-label": t("dialog.close") }}>
        {offer && ev && (
          <AssignmentForm
            event={ev}
            member={offer.member}
            callStart={callFor(offer.day).start}
            callEnd={callFor(offer.day).end}
            onCancel={() => setOffer(null)}
            onDone={(a) => {
              setOffer(null);
              toastInfo(t("crew.offered", { name: a.crewMemberName }));
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function GridRow({ row, days, today, canOffer, onOffer }: { row: AvailabilityRow; days: Date[]; today: string; canOffer: boolean; onOffer(day: Date): void }) {
  const intl = useIntl();
  const { placed, lanes } = placeBlocks(row.busy, days);
  const free = freeDays(placed, days.length);
  const name = row.member?.name ?? "";
  return (
    <Box
     
      data-testid="grid-row"
      data-member={row.member?.id}
      style={{
        display: "grid",
        gridTemplateColumns: `${NAME_WIDTH}px repeat(${days.length}, minmax(52px, 1fr))`,
        gridTemplateRows: `repeat(${lanes}, ${LANE_HEIGHT}px)`,
        borderBottom: "1px solid var(--mantine-color-gray-3)",
        rowGap: 2,
        paddingBlock: 2,
      }}
    >
      <Box style={{ gridColumn: 1, gridRow: `1 / span ${lanes}`, alignSelf: "center" }} px={4}>
        <AnchorLink to="/crew/$memberId" params={{ memberId: row.member?.id ?? "" }} size="sm" truncate>
          {name}
        </AnchorLink>
      </Box>
      {days.map((d, i) => {
        const style = { gridColumn: i + 2, gridRow: `1 / span ${lanes}`, background: isoDay(d) === today ? "var(--mantine-color-blue-0)" : undefined };
        return free[i] && canOffer ? (
          <UnstyledButton
            key={d.getTime()}
            style={{ ...style, borderRadius: 4 }}
            className="ek-crew-free"
            aria-label={intl.formatMessage({ id: "crew.grid.offerCell" }, { name, day: intl.formatDate(d, { weekday: "short", day: "numeric", month: "short" }) })}
            onClick={() => onOffer(d)}
            data-testid="grid-free"
            data-day={isoDay(d)}
          />
        ) : (
          <div key={d.getTime()} style={style} />
        );
      })}
      {placed.map((p) => (
        <Block key={`${p.block.id}-${p.lane}`} block={p.block} style={{ gridColumn: `${p.first + 2} / ${p.last + 3}`, gridRow: p.lane + 1 }} />
      ))}
    </Box>
  );
}

function Block({ block, style }: { block: BusyBlock; style: React.CSSProperties }) {
  const intl = useIntl();
  const s = block.period?.start ? timestampDate(block.period.start) : undefined;
  const e = block.period?.end ? timestampDate(block.period.end) : undefined;
  const when = s && e ? `${intl.formatDate(s, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })} – ${intl.formatDate(e, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })}` : "";
  const kind = intl.formatMessage({ id: `crew.busy.${BusyKind[block.kind]}` });
  return (
    <Tooltip label={`${kind}: ${block.label || "—"} · ${when}`} openDelay={150} withinPortal>
      <Text
        size="xs"
        fw={500}
        truncate
        tabIndex={0}
        data-testid="grid-block"
        data-kind={BusyKind[block.kind]}
        style={{ ...style, ...BLOCK_STYLE[block.kind], position: "relative", zIndex: 1, borderRadius: 4, paddingInline: 6, lineHeight: `${LANE_HEIGHT - 4}px`, cursor: "default" }}
      >
        <VisuallyHidden>{kind}: </VisuallyHidden>
        {block.label || kind}
      </Text>
    </Tooltip>
  );
}
