import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../app/messages/en";
import { PdfDocument, type RenderedPdf } from "./PdfDocument";

function show(load: () => Promise<RenderedPdf>, docKey = "a") {
  return render(
    <IntlProvider locale="en" messages={{ ...en, "test.rendering": "Rendering…", "test.download": "Download {name}" }}>
      <MantineProvider>
        <PdfDocument
          docKey={docKey}
          load={load}
          fallbackName="doc.pdf"
          renderingId="test.rendering"
          downloadId="test.download"
          frameTitle={(name) => `frame ${name}`}
          testId="doc"
        />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("PdfDocument", () => {
  const created: string[] = [];
  const revoked: string[] = [];
  beforeEach(() => {
    let n = 0;
    URL.createObjectURL = vi.fn(() => {
      const url = `blob:test/${++n}`;
      created.push(url);
      return url;
    });
    URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url));
  });
  afterEach(() => {
    created.length = 0;
    revoked.length = 0;
  });

  it("shows the node's file (or the fallback name) and revokes its URL when it goes", async () => {
    const { unmount } = show(() => Promise.resolve({ pdf: new Uint8Array([37, 80, 68, 70]), fileName: "" }));
    const frame = await screen.findByTestId("doc-frame");
    expect(frame.getAttribute("title")).toBe("frame doc.pdf");
    expect(screen.getByTestId("doc-download").getAttribute("download")).toBe("doc.pdf");
    unmount();
    expect(revoked).toEqual(created);
  });

  it("shows the API's message and loads again on retry", async () => {
    const load = vi
      .fn<() => Promise<RenderedPdf>>()
      .mockRejectedValueOnce(new ConnectError("template missing", Code.FailedPrecondition))
      .mockResolvedValueOnce({ pdf: new Uint8Array([1]), fileName: "q-1.pdf" });
    show(load);
    expect((await screen.findByRole("alert")).textContent).toContain("template missing");
    fireEvent.click(screen.getByRole("button"));
    expect((await screen.findByTestId("doc-download")).getAttribute("download")).toBe("q-1.pdf");
    expect(load).toHaveBeenCalledTimes(2);
  });
});
