import { describe, expect, it, vi } from "vitest";
import { act, renderHook } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { QuoteSchema } from "../../../gen/eventkit/v1/quotes_pb";

vi.mock("../../../lib/transport", () => ({ client: () => ({}) }));
const { useDraftChanges } = await import("./quotes");

function wrapper({ children }: { children: React.ReactNode }) {
  return <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>;
}

describe("draft changes", () => {
  it("sends each change with the revision the previous change returned, one at a time", async () => {
    const q1 = create(QuoteSchema, { id: "q", revision: 4n });
    const { result } = renderHook(() => useDraftChanges("q", q1), { wrapper });
    const seen: bigint[] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    let a!: Promise<unknown>, b!: Promise<unknown>;
    act(() => {
      a = result.current.change(async (_svc, rev) => {
        seen.push(rev);
        await first;
        return create(QuoteSchema, { id: "q", revision: 5n });
      });
      b = result.current.change(async (_svc, rev) => {
        seen.push(rev);
        return create(QuoteSchema, { id: "q", revision: 6n });
      });
    });
    expect(result.current.pending).toBe(2);
    await act(async () => {
      release();
      await Promise.all([a, b]);
    });
    expect(seen).toEqual([4n, 5n]);
    expect(result.current.pending).toBe(0);
  });

  it("reports someone else's change (ABORTED) as a conflict", async () => {
    const { result } = renderHook(() => useDraftChanges("q", create(QuoteSchema, { id: "q", revision: 1n })), { wrapper });
    let outcome: Awaited<ReturnType<typeof result.current.change>> | undefined;
    await act(async () => {
      outcome = await result.current.change(async () => {
        throw new ConnectError("revision 1 is stale", Code.Aborted);
      });
    });
    expect(outcome).toMatchObject({ ok: false, conflict: true });
    await act(async () => {
      outcome = await result.current.change(async () => {
        throw new ConnectError("empty draft", Code.FailedPrecondition);
      });
    });
    expect(outcome).toMatchObject({ ok: false, conflict: false });
  });
});
