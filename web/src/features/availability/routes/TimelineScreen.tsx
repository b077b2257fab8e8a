import { memo, useEffect, useMemo, useRef, useState } from "react";
import { Badge, Box, Button, Group, Loader, SegmentedControl, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Category, Product } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toDays, verdict } from "../../../lib/availability";
import { CategorySelect } from "../../../components/CategorySelect";
import { DayEvents, type DayCell, type EventsSlot } from "../components/DayEvents";
import { useCategoryTimeline, useRowTimeline, useTimelineCategories, useTimelineProducts } from "../api/timeline";
import { addDays, formatDay, parseDay, startOfDay, visibleRange } from "../../../lib/dates";

const route = getRouteApi("/_app/availability/timeline");
export const TIMELINE_WINDOWS = [14, 28, 56] as const;
const ROW = 34;
const NAME_WIDTH = 240;
const CELL = 44;
const COLORS = { ok: "green", tentative: "yellow", short: "red" } as const;

/**
 * Products × days: how many are free each day, coloured "can I?" (green enough, amber only with
 * pencilled holds, red short with the number short). Rows are virtualised (only those in view are
 * drawn and fetched), so thousands of products scroll smoothly; the window and category are in the URL.
 * A click (or Enter) on a day lists the events booking that product that day, shown by `events`
 * (the route hands in events' table).
 */
export function TimelineScreen({ events }: { events: EventsSlot }) {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const from = parseDay(search.from) ?? startOfDay(new Date());
  const days = search.days ?? 28;
  const until = addDays(from, days);
  const byCategory = search.rows === "categories";
  const products = useTimelineProducts(search.category);
  const categories = useTimelineCategories(byCategory);
  // The category filter's list (the same cached query; fetched only while the filter shows).
  const selectCategories = useTimelineCategories(!byCategory);
  const all = useMemo(() => products.data?.pages.flatMap((p) => p.products) ?? [], [products.data]);
  const cats = categories.data?.categories ?? [];
  const rowCount = byCategory ? cats.length : all.length;
  const dayList = useMemo(() => Array.from({ length: days }, (_, i) => addDays(from, i)), [from.getTime(), days]);

  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight });
    update();
    el.addEventListener("scroll", update, { passive: true });
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", update);
      ro.disconnect();
    };
  }, [products.isPending, categories.isPending, byCategory]);
  const { first, last } = visibleRange(view.top, view.height, ROW, rowCount);
  // Near the end of what is loaded: fetch the next page of products.
  useEffect(() => {
    if (!byCategory && last >= all.length - 20 && products.hasNextPage && !products.isFetchingNextPage) void products.fetchNextPage();
  }, [last, all.length, products, byCategory]);
  const drillInto = (category: string) => void navigate({ search: (s) => ({ ...s, rows: undefined, category }) });

  const [cell, setCell] = useState<DayCell | null>(null);
  const shift = (n: number) => void navigate({ search: (s) => ({ ...s, from: formatDay(addDays(from, n)) }) });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="timeline.title" />
        </Title>
        {(products.isFetching || products.isFetchingNextPage) && !products.isPending && <Loader size="xs" />}
      </Group>
      <Group wrap="wrap" gap="sm">
        <Button variant="default" onClick={() => shift(-days)} data-testid="timeline-prev">
          <FormattedMessage id="calendar.prev" />
        </Button>
        <Button variant="default" onClick={() => void navigate({ search: (s) => ({ ...s, from: undefined }) })}>
          <FormattedMessage id="calendar.today" />
        </Button>
        <Button variant="default" onClick={() => shift(days)} data-testid="timeline-next">
          <FormattedMessage id="calendar.next" />
        </Button>
        <SegmentedControl
          aria-label={intl.formatMessage({ id: "shortages.window" })}
          value={String(days)}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, days: Number(v) }) })}
          data={TIMELINE_WINDOWS.map((d) => ({ value: String(d), label: intl.formatMessage({ id: "shortages.days" }, { days: d }) }))}
          data-testid="timeline-days"
        />
        <Text size="sm" data-testid="timeline-range">
          {intl.formatDate(from, { dateStyle: "medium" })} – {intl.formatDate(addDays(until, -1), { dateStyle: "medium" })}
        </Text>
        <SegmentedControl
          aria-label={intl.formatMessage({ id: "timeline.rows" })}
          value={byCategory ? "categories" : "products"}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, rows: v === "categories" ? "categories" : undefined }) })}
          data={[
            { value: "products", label: intl.formatMessage({ id: "timeline.rows.products" }) },
            { value: "categories", label: intl.formatMessage({ id: "timeline.rows.categories" }) },
          ]}
          data-testid="timeline-rows"
        />
        {!byCategory && (
          <CategorySelect
            categories={selectCategories}
            value={search.category}
            onChange={(c) => void navigate({ search: (s) => ({ ...s, category: c }) })}
            testId="timeline-category"
          />
        )}
      </Group>
      <Group gap="xs">
        {(["ok", "tentative", "short"] as const).map((v) => (
          <Badge key={v} color={COLORS[v]} variant="light">
            {intl.formatMessage({ id: `timeline.legend.${v}` })}
          </Badge>
        ))}
        <Text size="sm" c="dimmed" data-testid="timeline-count">
          {byCategory ? (
            <FormattedMessage id="timeline.categoryCount" values={{ count: cats.length }} />
          ) : (
            <FormattedMessage id="timeline.count" values={{ count: all.length, more: products.hasNextPage ? "+" : "" }} />
          )}
        </Text>
      </Group>
      <QueryState
        isPending={byCategory ? categories.isPending : products.isPending}
        error={byCategory ? categories.error : products.error}
        onRetry={() => void (byCategory ? categories.refetch() : products.refetch())}
        isEmpty={rowCount === 0}
        empty={<FormattedMessage id="products.empty" />}
      >
        <Box
          ref={scroller}
          tabIndex={0}
          role="region"
          aria-label={intl.formatMessage({ id: "timeline.title" })}
          data-testid="timeline"
          style={{ overflow: "auto", height: "calc(100vh - 280px)", minHeight: 320, border: "1px solid var(--mantine-color-default-border)", borderRadius: 4 }}
        >
          <div role="table" aria-rowcount={rowCount + 1} style={{ width: NAME_WIDTH + days * CELL, position: "relative" }}>
            <div role="row" style={{ display: "flex", position: "sticky", top: 0, zIndex: 3, background: "var(--mantine-color-body)", height: ROW + 6, borderBottom: "1px solid var(--mantine-color-default-border)" }}>
              <div role="columnheader" style={{ width: NAME_WIDTH, flex: "none", position: "sticky", insetInlineStart: 0, background: "var(--mantine-color-body)", padding: "4px 8px", fontWeight: 600 }}>
                <FormattedMessage id={byCategory ? "timeline.category" : "pull.product"} />
              </div>
              {dayList.map((d) => (
                <div role="columnheader" key={d.getTime()} style={{ width: CELL, flex: "none", textAlign: "center", fontSize: 11, lineHeight: 1.2, paddingTop: 2, background: d.getDay() === 0 || d.getDay() === 6 ? "var(--mantine-color-default-hover)" : undefined }}>
                  {intl.formatDate(d, { weekday: "short" })}
                  <br />
                  {intl.formatDate(d, { day: "numeric", month: "numeric" })}
                </div>
              ))}
            </div>
            <div style={{ height: rowCount * ROW, position: "relative" }}>
              {byCategory
                ? cats.slice(first, last).map((c, i) => (
                    <CategoryRow key={c.name} category={c} index={first + i} from={from} until={until} days={days} onOpen={drillInto} />
                  ))
                : all.slice(first, last).map((p, i) => (
                    <TimelineRow key={p.id} product={p} index={first + i} from={from} until={until} days={days} onCell={setCell} />
                  ))}
            </div>
          </div>
        </Box>
      </QueryState>
      <DayEvents cell={cell} onClose={() => setCell(null)} events={events} />
    </Stack>
  );
}

const TimelineRow = memo(function TimelineRow({
  product,
  index,
  from,
  until,
  days,
  onCell,
}: {
  product: Product;
  index: number;
  from: Date;
  until: Date;
  days: number;
  onCell(c: DayCell): void;
}) {
  const intl = useIntl();
  const timeline = useRowTimeline(product.id, from, until);
  const cells = timeline.data ? toDays(timeline.data.intervals, from, days) : null;
  const short = cells?.some((c) => c.available < 0) ?? false;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-testid="timeline-row"
      data-product={product.id}
      data-short={short || undefined}
      style={{ position: "absolute", top: index * ROW, height: ROW, display: "flex", width: "100%", borderBottom: "1px solid var(--mantine-color-default-border)" }}
    >
      <div role="rowheader" style={{ width: NAME_WIDTH, flex: "none", position: "sticky", insetInlineStart: 0, zIndex: 2, background: "var(--mantine-color-body)", padding: "0 8px", display: "flex", alignItems: "center", overflow: "hidden", whiteSpace: "nowrap" }}>
        <AnchorLink to="/inventory/products/$productId" params={{ productId: product.id }} size="sm" dir="auto" title={product.name} style={{ overflow: "hidden", textOverflow: "ellipsis" }} c={short ? "red.8" : undefined} fw={short ? 700 : undefined}>
          {product.name}
        </AnchorLink>
      </div>
      {cells === null
        ? Array.from({ length: days }, (_, i) => <div role="cell" key={i} style={{ width: CELL, flex: "none" }} />)
        : cells.map((c) => {
            const v = verdict(c);
            const label = intl.formatMessage(
              { id: "product.dayDetail" },
              { day: intl.formatDate(c.start, { dateStyle: "full" }), available: c.available, held: c.held, tentative: c.tentative },
            );
            return (
              <DayCellButton key={c.start.getTime()} verdict={v} label={label} testId="timeline-cell" onClick={() => onCell({ product, day: c.start, available: c.available })}>
                {c.available < 0 ? `−${-c.available}` : c.available}
              </DayCellButton>
            );
          })}
    </div>
  );
});

/**
 * A category's row: per day, its products' free units summed, red when any product is short (the
 * cell then says how many), amber when only pencilled holds press on it. The name or any day opens
 * the category's products.
 */
const CategoryRow = memo(function CategoryRow({
  category,
  index,
  from,
  until,
  days,
  onOpen,
}: {
  category: Category;
  index: number;
  from: Date;
  until: Date;
  days: number;
  onOpen(name: string): void;
}) {
  const intl = useIntl();
  const timeline = useCategoryTimeline(category.name, from, until);
  const cells = timeline.data?.days.slice(0, days) ?? null;
  const short = cells?.some((c) => c.shortProducts > 0) ?? false;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-testid="timeline-category-row"
      data-category={category.name}
      data-short={short || undefined}
      style={{ position: "absolute", top: index * ROW, height: ROW, display: "flex", width: "100%", borderBottom: "1px solid var(--mantine-color-default-border)" }}
    >
      <div role="rowheader" style={{ width: NAME_WIDTH, flex: "none", position: "sticky", insetInlineStart: 0, zIndex: 2, background: "var(--mantine-color-body)", padding: "0 8px", display: "flex", alignItems: "center", overflow: "hidden", whiteSpace: "nowrap" }}>
        <UnstyledButton
          onClick={() => onOpen(category.name)}
          title={category.name}
          dir="auto"
          data-testid="timeline-category-open"
          style={{ overflow: "hidden", textOverflow: "ellipsis", fontSize: 14, fontWeight: short ? 700 : 500, color: short ? "var(--mantine-color-red-8)" : undefined }}
        >
          <FormattedMessage id="timeline.categoryName" values={{ name: category.name, count: category.productCount }} />
        </UnstyledButton>
      </div>
      {cells === null
        ? Array.from({ length: days }, (_, i) => <div role="cell" key={i} style={{ width: CELL, flex: "none" }} />)
        : cells.map((c) => {
            const v = c.shortProducts > 0 ? "short" : c.tentative > 0 ? "tentative" : "ok";
            const start = c.period?.start ? timestampDate(c.period.start) : from;
            const label = intl.formatMessage(
              { id: "timeline.categoryDay" },
              { day: intl.formatDate(start, { dateStyle: "full" }), available: c.available, short: c.shortProducts },
            );
            return (
              <DayCellButton key={start.getTime()} verdict={v} label={label} testId="timeline-category-cell" onClick={() => onOpen(category.name)}>
                {c.shortProducts > 0 ? `${c.shortProducts}✕` : c.available}
              </DayCellButton>
            );
          })}
    </div>
  );
});

/** One day's cell: its verdict's colour, its number, and the day spelled out for screen readers. */
function DayCellButton({
  verdict: v,
  label,
  testId,
  onClick,
  children,
}: {
  verdict: keyof typeof COLORS;
  label: string;
  testId: string;
  onClick(): void;
  children: React.ReactNode;
}) {
  return (
    <div role="cell" data-verdict={v} style={{ width: CELL - 2, margin: "3px 1px", flex: "none" }}>
      <UnstyledButton
        title={label}
        aria-label={label}
        onClick={onClick}
        data-testid={testId}
        style={{
          width: "100%",
          height: "100%",
          borderRadius: 3,
          display: "flex",
          alignItems: "center",
          justifyContent: "center",
          fontSize: 12,
          fontWeight: v === "short" ? 700 : 500,
          background: `var(--mantine-color-${COLORS[v]}-light)`,
          color: `var(--mantine-color-${COLORS[v]}-light-color)`,
        }}
      >
        {children}
      </UnstyledButton>
    </div>
  );
}
