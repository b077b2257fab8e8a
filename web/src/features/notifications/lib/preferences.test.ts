import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { EmailDigest, EventTypeSchema, NotificationChannel as C, NotificationPreferencesSchema } from "../../../gen/eventkit/v1/notifications_pb";
import { buildMatrix, canReset, isDirty, resetRow, setDigest, toUpdate, toggle } from "./preferences";

const catalogue = [
  create(EventTypeSchema, { name: "event.created", description: "An event was created.", defaultChannels: [C.IN_APP] }),
  create(EventTypeSchema, { name: "quote.accepted", description: "A client accepted a quote.", defaultChannels: [C.IN_APP, C.EMAIL] }),
  create(EventTypeSchema, { name: "scan.discrepancy", description: "A return came back short.", defaultChannels: [C.IN_APP] }),
];
const prefs = create(NotificationPreferencesSchema, {
  // Not in catalogue order, and one type the catalogue lacks: it goes last.
  preferences: [
    { eventType: "quote.accepted", channels: [C.IN_APP, C.EMAIL], customised: false },
    { eventType: "future.type", channels: [C.IN_APP], customised: false },
    { eventType: "event.created", channels: [C.EMAIL, C.WEB_PUSH], customised: true },
  ],
  emailDigest: EmailDigest.UNSPECIFIED,
});

const chans = (s: ReadonlySet<C>) => [...s].sort();

describe("preference matrix", () => {
  it("builds rows in catalogue order with descriptions and defaults; digest defaults to immediate", () => {
    const m = buildMatrix(prefs, catalogue);
    expect(m.rows.map((r) => r.eventType)).toEqual(["event.created", "quote.accepted", "future.type"]);
    expect(m.rows[0].description).toBe("An event was created.");
    expect(chans(m.rows[0].channels)).toEqual([C.EMAIL, C.WEB_PUSH]);
    expect(chans(m.rows[0].defaults)).toEqual([C.IN_APP]);
    expect(m.rows[2].description).toBe("");
    expect(m.digest).toBe(EmailDigest.IMMEDIATE);
    expect(isDirty(m)).toBe(false);
  });

  it("sends only changed rows, with their channels in column order", () => {
    let m = buildMatrix(prefs, catalogue);
    m = toggle(m, "quote.accepted", C.WEB_PUSH, true);
    m = toggle(m, "quote.accepted", C.EMAIL, false);
    expect(isDirty(m)).toBe(true);
    expect(toUpdate(m)).toEqual({
      preferences: [{ eventType: "quote.accepted", channels: [C.IN_APP, C.WEB_PUSH] }],
      resetEventTypes: [],
      emailDigest: EmailDigest.UNSPECIFIED,
    });
  });

  it("turning every channel off sends an empty list (off), not nothing", () => {
    let m = buildMatrix(prefs, catalogue);
    m = toggle(m, "event.created", C.EMAIL, false);
    m = toggle(m, "event.created", C.WEB_PUSH, false);
    expect(toUpdate(m).preferences).toEqual([{ eventType: "event.created", channels: [] }]);
  });

  it("reset shows the defaults and is sent as a reset; a toggle after it is a choice again", () => {
    let m = buildMatrix(prefs, catalogue);
    expect(canReset(m.rows[0])).toBe(true); // customised
    expect(canReset(m.rows[1])).toBe(false); // on its defaults already
    m = resetRow(m, "event.created");
    expect(chans(m.rows[0].channels)).toEqual([C.IN_APP]);
    expect(canReset(m.rows[0])).toBe(false);
    expect(toUpdate(m)).toEqual({ preferences: [], resetEventTypes: ["event.created"], emailDigest: EmailDigest.UNSPECIFIED });
    m = toggle(m, "event.created", C.EMAIL, true);
    expect(toUpdate(m)).toEqual({ preferences: [{ eventType: "event.created", channels: [C.IN_APP, C.EMAIL] }], resetEventTypes: [], emailDigest: EmailDigest.UNSPECIFIED });
  });

  it("sends the digest only when changed", () => {
    const m = setDigest(buildMatrix(prefs, catalogue), EmailDigest.DAILY);
    expect(isDirty(m)).toBe(true);
    expect(toUpdate(m)).toEqual({ preferences: [], resetEventTypes: [], emailDigest: EmailDigest.DAILY });
  });
});
