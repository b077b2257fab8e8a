import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { VehicleBusyBlock } from "../../../gen/eventkit/v1/transport_pb";
import { addDays } from "../../../lib/dates";

/** The blocks that overlap the day starting at `day` (local midnight), in start order. */
export function blocksOnDay(blocks: readonly VehicleBusyBlock[], day: Date): VehicleBusyBlock[] {
  const end = addDays(day, 1);
  return blocks
    .filter((b) => {
      if (!b.period?.start || !b.period?.end) return false;
      const s = timestampDate(b.period.start);
      const e = timestampDate(b.period.end);
      return s < end && e > day;
    })
    .sort((a, b) => timestampDate(a.period!.start!).getTime() - timestampDate(b.period!.start!).getTime());
}
