import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { Code, ConnectError } from "@connectrpc/connect";
import { createConnectQueryKey } from "@connectrpc/connect-query";
import { ReportService } from "../../../gen/eventkit/v1/reports_pb";
import { transport } from "../../../lib/transport";
import { prefetchReportDashboard } from "./prefetch";

const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });
const dashboardKey = createConnectQueryKey({ schema: ReportService.method.getDashboard, input: {}, transport, cardinality: "finite" });

afterEach(() => {
  window.__eventkitDashboard = undefined;
});

describe("the home route's report prefetch", () => {
  it("takes the dashboard index.html's script already has, under the key the screen reads, and says whether it lists the shortages", async () => {
    window.__eventkitDashboard = Promise.resolve({
      widgets: [
        { id: "default.operations", titleKey: "report.widget.operations", spec: { operations: {} } },
        { id: "default.shortages", titleKey: "report.widget.shortages", spec: { shortages: {} }, display: "REPORT_DISPLAY_TABLE", futureField: 1 },
      ],
    });
    const qc = client();
    await expect(prefetchReportDashboard(qc)).resolves.toBe(true);
    const cached = qc.getQueryData(dashboardKey) as { widgets: { id: string; spec?: { report: { case?: string } } }[] };
    expect(cached.widgets.map((w) => [w.id, w.spec?.report.case])).toEqual([
      ["default.operations", "operations"],
      ["default.shortages", "shortages"],
    ]);
    // Taken once: the next visit asks the node.
    expect(window.__eventkitDashboard).toBeUndefined();
    qc.clear();
  });

  it("without a shortages widget the home screen lists them itself (false)", async () => {
    window.__eventkitDashboard = Promise.resolve({ widgets: [{ id: "default.operations", titleKey: "t", spec: { operations: {} } }] });
    const qc = client();
    await expect(prefetchReportDashboard(qc)).resolves.toBe(false);
    qc.clear();
  });

  it("does not ask again when index.html's script was refused the dashboard (no REPORTS_READ)", async () => {
    window.__eventkitDashboard = Promise.resolve("denied");
    const fetch = vi.spyOn(globalThis, "fetch");
    const qc = client();
    try {
      await expect(prefetchReportDashboard(qc)).resolves.toBe(false);
      expect(fetch).not.toHaveBeenCalled();
      expect(window.__eventkitDashboard).toBeUndefined();
      // Said as the node said it: a permission denial, not a parse failure.
      expect((qc.getQueryState(dashboardKey)?.error as ConnectError | null)?.code).toBe(Code.PermissionDenied);
    } finally {
      fetch.mockRestore();
      qc.clear();
    }
  });
});
