import type { Deal, DealStage } from "../../../gen/eventkit/v1/crm_pb";

/**
 * The deal board's optimistic moves: a card dragged to another stage shows there at once, while
 * UpdateDeal runs; on success the move is settled (the refetched list agrees), on failure it is
 * rolled back to where the server has it.
 */
export interface BoardMoves {
  /** deal ID → the stage it is shown in while its update is in flight. */
  pending: Record<string, string>;
}

export type BoardAction =
  | { type: "move"; dealId: string; toStageId: string }
  | { type: "settled"; dealId: string }
  | { type: "rollback"; dealId: string };

export const NO_MOVES: BoardMoves = { pending: {} };

export function boardReducer(state: BoardMoves, a: BoardAction): BoardMoves {
  switch (a.type) {
    case "move":
      return { pending: { ...state.pending, [a.dealId]: a.toStageId } };
    case "settled":
    case "rollback": {
      if (!(a.dealId in state.pending)) return state;
      const pending = { ...state.pending };
      delete pending[a.dealId];
      return { pending };
    }
  }
}

export interface BoardColumn {
  stage: DealStage;
  deals: Deal[];
  count: number;
  /** In the stage total's currency (minor units); moved deals in another currency don't change it. */
  total: { currencyCode: string; minorUnits: bigint } | undefined;
}

/** The stage a deal shows in: its pending move's, else the server's. */
export function stageOf(d: Deal, moves: BoardMoves): string {
  return moves.pending[d.id] ?? d.stageId;
}

/**
 * Columns in board order with the deals each shows. Counts and totals start from the server's
 * (they cover deals the page may not hold) and follow the pending moves.
 */
export function columns(stages: DealStage[], deals: Deal[], moves: BoardMoves): BoardColumn[] {
  return stages.map((stage) => {
    const shown = deals.filter((d) => stageOf(d, moves) === stage.id);
    let count = stage.dealCount;
    let minor = stage.totalValue?.minorUnits ?? 0n;
    const currency = stage.totalValue?.currencyCode ?? "";
    for (const d of deals) {
      const to = moves.pending[d.id];
      if (to === undefined || to === d.stageId) continue;
      const value = d.value && d.value.currencyCode === currency ? d.value.minorUnits : 0n;
      if (d.stageId === stage.id) {
        count--;
        minor -= value;
      } else if (to === stage.id) {
        count++;
        minor += value;
      }
    }
    return { stage, deals: shown, count: Math.max(0, count), total: currency ? { currencyCode: currency, minorUnits: minor } : undefined };
  });
}
