import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { dataEn } from "../messages";
import { ImportCsvResponseSchema, ImportEntity, type ImportCsvRequest } from "../../../gen/eventkit/v1/data_pb";

const state = vi.hoisted(() => ({
  calls: [] as unknown[],
  saved: [] as unknown[],
  answers: [] as unknown[],
}));

vi.mock("../../../components/ButtonLink", () => ({
  ButtonLink: ({ to, children, ...rest }: { to: string; children: unknown; "data-testid"?: string }) => (
    <a href={to} data-testid={rest["data-testid"]}>
      {children as string}
    </a>
  ),
}));
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {}, toastError: () => {} }));
vi.mock("../api/data", async () => {
  const { create } = await import("@bufbuild/protobuf");
  const { ImportMappingSchema, ImportEntity } = await import("../../../gen/eventkit/v1/data_pb");
  const mappings = [
    create(ImportMappingSchema, {
      name: "eventkit",
      entity: ImportEntity.PRODUCT,
      template: true,
      columns: ["id", "manufacturer", "model", "name", "category", "gtin", "tracking", "currency", "rental_price"].map((f) => ({ field: f, headers: [f] })),
    }),
    create(ImportMappingSchema, {
      name: "current-rms",
      entity: ImportEntity.PRODUCT,
      template: true,
      columns: [
        { field: "manufacturer", headers: ["Manufacturer", "Brand"] },
        { field: "model", headers: ["Model", "Name"] },
        { field: "name", headers: ["Name"] },
      ],
    }),
  ];
  const call = {
    isPending: false,
    error: null,
    reset: () => {},
    mutateAsync: (req: unknown) => {
      state.calls.push(req);
      return Promise.resolve(state.answers.shift());
    },
  };
  return {
    useImportMappings: () => ({ isPending: false, error: null, data: { mappings }, refetch: () => {} }),
    useSaveImportMapping: () => ({
      isPending: false,
      mutateAsync: (req: { name: string; entity: number; columns: unknown[] }) => {
        state.saved.push(req);
        return Promise.resolve(create(ImportMappingSchema, { ...req, template: false } as never));
      },
    }),
    useDeleteImportMapping: () => ({ isPending: false, mutate: () => {} }),
    useImportCsv: () => call,
  };
});

const { ImportWizardScreen } = await import("./ImportWizardScreen");

function show() {
  return render(
    <MantineProvider>
      <IntlProvider locale="en" messages={{ ...en, ...dataEn }}>
        <ImportWizardScreen />
      </IntlProvider>
    </MantineProvider>,
  );
}

function pickFile(file: File) {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
  fireEvent.change(input, { target: { files: [file] } });
}

const answer = (o: Record<string, unknown>) => create(ImportCsvResponseSchema, { encoding: "UTF-8", delimiter: ",", mapping: "eventkit", ...o });

describe("ImportWizardScreen", () => {
  it("refuses a file over the limit with the advice to split it", async () => {
    show();
    pickFile(new File([new Uint8Array(4_190_209)], "huge.csv", { type: "text/csv" }));
    expect((await screen.findByTestId("import-too-big")).textContent).toMatch(/huge\.csv is 4\.2 MB.*Split the file/);
    expect(screen.getByTestId("import-next")).toHaveProperty("disabled", true);
  });

  it("maps the file's columns, shows the dry run's row errors with apply disabled, then applies a clean file", async () => {
    state.calls.length = 0;
    show();
    const bad = "manufacturer,model,name,rental_price,Colour\nAcme,X1,Spot,12.50,red\nAcme,X2,Wash,twelve,blue\n";
    pickFile(new File([bad], "products.csv", { type: "text/csv" }));
    expect(screen.getByTestId("import-file").textContent).toContain("products.csv");
    fireEvent.click(screen.getByTestId("import-next"));

    // Step 2: the eventkit template fills the fields whose names the file has; Colour is left over.
    const table = await screen.findByTestId("mapping-table");
    const row = (f: string) => within(table).getAllByTestId("mapping-row").find((r) => r.getAttribute("data-field") === f)!;
    expect(row("model").getAttribute("data-column")).toBe("model");
    expect(row("rental_price").textContent).toContain("12.50");
    expect(row("gtin").getAttribute("data-column")).toBe("");
    expect(screen.getByTestId("import-unused").textContent).toContain("Colour");
    expect(screen.queryByTestId("import-missing-key")).toBeNull();

    state.answers.push(
      answer({
        rows: 2n,
        created: 1n,
        errorCount: 1n,
        errors: [{ row: 3n, column: "rental_price", message: "is not a decimal number" }],
      }),
    );
    fireEvent.click(screen.getByTestId("import-dryrun"));
    const err = await screen.findByTestId("import-error");
    expect(err.getAttribute("data-row")).toBe("3");
    expect(err.textContent).toContain("is not a decimal number");
    expect(screen.getByTestId("import-summary").getAttribute("data-errors")).toBe("1");
    expect(screen.getByTestId("import-apply")).toHaveProperty("disabled", true);
    const dry = state.calls[0] as ImportCsvRequest;
    expect(dry).toMatchObject({ entity: ImportEntity.PRODUCT, mapping: "eventkit", dryRun: true, delimiter: "" });
    expect(new TextDecoder().decode(dry.content)).toBe(bad);

    // The corrected file: chosen again, checked clean, applied.
    fireEvent.click(screen.getByTestId("import-another"));
    pickFile(new File([bad.replace("twelve", "12")], "products.csv"));
    fireEvent.click(screen.getByTestId("import-next"));
    await screen.findByTestId("mapping-table");
    state.answers.push(answer({ rows: 2n, created: 2n }));
    fireEvent.click(screen.getByTestId("import-dryrun"));
    await screen.findByTestId("import-clean");
    state.answers.push(answer({ rows: 2n, created: 2n, applied: true }));
    fireEvent.click(screen.getByTestId("import-apply"));
    expect((await screen.findByTestId("import-done")).textContent).toContain("2 created");
    expect(screen.getByTestId("apply-progress").getAttribute("data-phase")).toBe("done");
    expect(screen.getByTestId("import-open-list").getAttribute("href")).toBe("/inventory/products");
    expect((state.calls[2] as ImportCsvRequest).dryRun).toBe(false);
  });

  it("says there is nothing to change when every row matches, and offers no apply", async () => {
    show();
    pickFile(new File(["model,name\nX1,Spot\n"], "again.csv"));
    fireEvent.click(screen.getByTestId("import-next"));
    await screen.findByTestId("mapping-table");
    state.answers.push(answer({ rows: 1n, unchanged: 1n }));
    fireEvent.click(screen.getByTestId("import-dryrun"));
    expect((await screen.findByTestId("import-nothing")).textContent).toContain("Nothing to change");
    expect(screen.getByTestId("import-apply")).toHaveProperty("disabled", true);
  });

  it("asks for the key column, and a changed mapping is saved by name before the dry run", async () => {
    state.saved.length = 0;
    state.calls.length = 0;
    show();
    pickFile(new File(["Brand;Product;Price\nAcme;X1;10\n"], "Old System.csv"));
    fireEvent.click(screen.getByTestId("import-next"));
    await screen.findByTestId("mapping-table");
    expect(screen.getByTestId("import-head").textContent).toContain("Semicolon");
    expect(screen.getByTestId("import-missing-key").textContent).toContain("gtin or model");
    expect(screen.getByTestId("import-dryrun")).toHaveProperty("disabled", true);

    fireEvent.change(screen.getByTestId("map-model"), { target: { value: "Product" } });
    fireEvent.change(screen.getByTestId("map-manufacturer"), { target: { value: "Brand" } });
    expect(screen.queryByTestId("import-missing-key")).toBeNull();
    // Changed from the template: saved first.
    expect(screen.getByTestId("import-dryrun")).toHaveProperty("disabled", true);
    expect((screen.getByTestId("mapping-name") as HTMLInputElement).value).toBe("old-system");
    fireEvent.change(screen.getByTestId("mapping-name"), { target: { value: "snipe-it" } });
    fireEvent.click(screen.getByTestId("mapping-save-submit"));
    expect(await screen.findByText("That is a template's name; choose another")).toBeTruthy();
    fireEvent.change(screen.getByTestId("mapping-name"), { target: { value: "old-system" } });
    fireEvent.click(screen.getByTestId("mapping-save-submit"));
    await waitFor(() => expect(screen.getByTestId("import-dryrun")).toHaveProperty("disabled", false));
    expect(state.saved).toEqual([
      {
        name: "old-system",
        entity: ImportEntity.PRODUCT,
        columns: [
          { field: "manufacturer", headers: ["Brand"] },
          { field: "model", headers: ["Product"] },
        ],
      },
    ]);
    state.answers.push(answer({ rows: 1n, created: 1n, mapping: "old-system", delimiter: ";" }));
    fireEvent.click(screen.getByTestId("import-dryrun"));
    await screen.findByTestId("import-clean");
    expect(state.calls[0]).toMatchObject({ mapping: "old-system", dryRun: true });
    expect(screen.getByTestId("import-used").textContent).toContain("Semicolon");
  });
});
