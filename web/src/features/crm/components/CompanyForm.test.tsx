import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { crmEn } from "../messages";
import { CompanySchema, DuplicateMatch_Reason, DuplicateMatchSchema } from "../../../gen/eventkit/v1/crm_pb";

const calls = vi.hoisted(() => ({ create: vi.fn(), duplicates: vi.fn() }));
vi.mock("../api/crm", () => ({
  useCreateCompany: () => ({ mutateAsync: calls.create, isPending: false }),
  useUpdateCompany: () => ({ mutateAsync: vi.fn(), isPending: false }),
  useDuplicates: (req: { name: string } | null) => {
    calls.duplicates(req);
    return {
      data:
        req?.name === "Acme"
          ? { matches: [create(DuplicateMatchSchema, { reason: DuplicateMatch_Reason.NAME, company: { id: "c1", name: "ACME Ltd" } })] }
          : { matches: [] },
    };
  },
}));

const { CompanyForm } = await import("./CompanyForm");

describe("CompanyForm", () => {
  it("warns about a lookalike while the name is typed, and then creates anyway", async () => {
    calls.create.mockResolvedValue(create(CompanySchema, { id: "new", name: "Acme" }));
    const done = vi.fn();
    render(
      <IntlProvider locale="en" messages={{ ...en, ...crmEn }}>
        <MantineProvider>
          <CompanyForm onDone={done} onCancel={() => {}} />
        </MantineProvider>
      </IntlProvider>,
    );
    expect(screen.queryByTestId("duplicate-warning")).toBeNull();
    fireEvent.change(screen.getByTestId("company-name"), { target: { value: "Acme" } });
    const warning = await screen.findByTestId("duplicate-warning", {}, { timeout: 2000 });
    expect(warning.textContent).toContain("ACME Ltd");
    expect(warning.textContent).toContain("same name");
    expect(calls.duplicates).toHaveBeenLastCalledWith({ name: "Acme", email: "", website: "" });
    const submit = screen.getByTestId("company-submit");
    expect(submit.textContent).toBe("Create anyway");
    fireEvent.click(submit);
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(calls.create.mock.calls[0][0]).toMatchObject({ name: "Acme", allowDuplicate: true });
  });

  it("creates without allow_duplicate when nothing looks the same", async () => {
    calls.create.mockClear();
    calls.create.mockResolvedValue(create(CompanySchema, { id: "n2", name: "Zebra Events" }));
    render(
      <IntlProvider locale="en" messages={{ ...en, ...crmEn }}>
        <MantineProvider>
          <CompanyForm onDone={() => {}} onCancel={() => {}} />
        </MantineProvider>
      </IntlProvider>,
    );
    fireEvent.change(screen.getByTestId("company-name"), { target: { value: "Zebra Events" } });
    await new Promise((r) => setTimeout(r, 400));
    expect(screen.queryByTestId("duplicate-warning")).toBeNull();
    expect(screen.getByTestId("company-submit").textContent).toBe("Create client");
    fireEvent.click(screen.getByTestId("company-submit"));
    await waitFor(() => expect(calls.create).toHaveBeenCalled());
    expect(calls.create.mock.calls[0][0]).toMatchObject({ name: "Zebra Events", allowDuplicate: false });
  });
});
