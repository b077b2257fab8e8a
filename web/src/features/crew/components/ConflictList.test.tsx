import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { crewEn } from "../messages";
import { ConflictSeverity, CrewConflictKind, CrewConflictSchema } from "../../../gen/eventkit/v1/crew_pb";
import { ConflictList } from "./ConflictList";

const show = (conflicts: ReturnType<typeof create<typeof CrewConflictSchema>>[]) =>
  render(
    <IntlProvider locale="en" messages={{ ...en, ...crewEn }}>
      <MantineProvider>
        <ConflictList conflicts={conflicts} />
      </MantineProvider>
    </IntlProvider>,
  );

describe("ConflictList", () => {
  it("says there is nothing in the way when there are no conflicts", () => {
    show([]);
    expect(screen.getByTestId("conflicts-none").textContent).toBe("No conflicts.");
  });

  it("shows warnings in amber with the rule and the node's message", () => {
    show([create(CrewConflictSchema, { kind: CrewConflictKind.INSUFFICIENT_REST, severity: ConflictSeverity.WARNING, message: "Only 8 h after Summer Gala" })]);
    const box = screen.getByTestId("conflicts");
    expect(box.dataset.level).toBe("warning");
    expect(box.textContent).toContain("Check before offering");
    const item = screen.getByTestId("conflict");
    expect(item.dataset.severity).toBe("warning");
    expect(item.textContent).toContain("Not enough rest · warning: Only 8 h after Summer Gala");
  });

  it("turns red when one conflict is a refusal, listing it first", () => {
    show([
      create(CrewConflictSchema, { kind: CrewConflictKind.MISSING_SKILL, severity: ConflictSeverity.WARNING, message: "lacks rigging-cert", skill: "rigging-cert" }),
      create(CrewConflictSchema, { kind: CrewConflictKind.DOUBLE_BOOKED, severity: ConflictSeverity.REFUSAL, message: "Already on Summer Gala" }),
    ]);
    expect(screen.getByTestId("conflicts").dataset.level).toBe("refusal");
    const items = screen.getAllByTestId("conflict");
    expect(items.map((i) => i.dataset.severity)).toEqual(["refusal", "warning"]);
    expect(items[0].textContent).toContain("Double booked · refused: Already on Summer Gala");
  });
});
