import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ConnectError, Code } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { AttachmentOwner, AttachmentSchema, ListAttachmentsResponseSchema, type Attachment } from "../../../gen/eventkit/v1/files_pb";

const granted = new Set<Permission>();
const list = vi.fn();
const listed = vi.fn();
const refetch = vi.fn();
const invalidate = vi.fn(() => Promise.resolve());
const remove = vi.fn();
const update = vi.fn();

vi.mock("../../../lib/session", () => ({ useCan: (p: Permission) => granted.has(p) }));
vi.mock("../../../lib/transport", () => ({
  auth: { token: "tok-1", resume: () => Promise.resolve(true), refresh: () => Promise.resolve(false) },
}));
vi.mock("../api/files", () => ({
  useAttachments: (owner: string, ownerId: string, enabled: boolean) => {
    listed(owner, ownerId, enabled);
    return { refetch, dataUpdatedAt: Date.now(), isFetching: false, hasNextPage: false, isFetchingNextPage: false, fetchNextPage: () => {}, ...list() };
  },
  attachmentsOf: (d: { pages: { attachments: Attachment[] }[] } | undefined) => (d?.pages ?? []).flatMap((p) => p.attachments),
  useInvalidateAttachments: () => invalidate,
  useDeleteAttachment: () => ({ mutateAsync: remove, isPending: false }),
  useUpdateAttachment: () => ({ mutateAsync: update, isPending: false }),
}));

const { AttachmentsPanel } = await import("./AttachmentsPanel");

const AT = new Date("2026-03-04T09:05:00Z");

function attachment(over: MessageInitShape<typeof AttachmentSchema>): Attachment {
  return create(AttachmentSchema, {
    owner: AttachmentOwner.PRODUCT,
    ownerId: "p1",
    uploadedAt: timestampFromDate(AT),
    uploadedBy: "Ada",
    downloadUrlExpiresAt: timestampFromDate(new Date(Date.now() + 15 * 60_000)),
    ...over,
  });
}

const photo = attachment({ id: "a1", fileName: "front.jpg", contentType: "image/jpeg", sizeBytes: 1_534_000n, image: true, caption: "Dent on the left", downloadUrl: "/files/a1?expires=99&signature=s1" });
const manual = attachment({ id: "a2", fileName: "manual.pdf", contentType: "application/pdf", sizeBytes: 820n, downloadUrl: "/files/a2?expires=99&signature=s2" });

function loaded(attachments: Attachment[]) {
  list.mockReturnValue({ isPending: false, error: null, data: { pages: [create(ListAttachmentsResponseSchema, { attachments })] } });
}

function show(props: { owner?: "product" | "repair" | "quote"; canWrite?: boolean } = {}) {
  return render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <AttachmentsPanel owner={props.owner ?? "product"} ownerId="p1" canWrite={props.canWrite} />
      </MantineProvider>
    </IntlProvider>,
  );
}

const fetchMock = vi.fn();

beforeEach(() => {
  granted.clear();
  granted.add(Permission.INVENTORY_READ).add(Permission.INVENTORY_WRITE);
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.clearAllMocks();
});

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

describe("AttachmentsPanel", () => {
  it("lists pictures as thumbnails and other files by their type, with size, uploader and time in the user's locale", () => {
    loaded([photo, manual]);
    show();
    expect(listed).toHaveBeenCalledWith("product", "p1", true);
    const rows = screen.getAllByTestId("attachment");
    expect(rows.map((r) => r.getAttribute("data-name"))).toEqual(["front.jpg", "manual.pdf"]);

    const img = within(rows[0]).getByRole("img");
    expect(img.getAttribute("src")).toBe("/files/a1?expires=99&signature=s1");
    expect(img.getAttribute("alt")).toBe("Dent on the left");
    expect(within(rows[0]).getByRole("link", { name: "Open front.jpg" }).getAttribute("href")).toBe("/files/a1?expires=99&signature=s1");
    expect(within(rows[0]).getByTestId("attachment-caption").textContent).toBe("Dent on the left");
    expect(within(rows[0]).getByTestId("attachment-meta").textContent).toBe("1.5 MB · Ada, 4 Mar 2026, 09:05");

    expect(within(rows[1]).queryByRole("img")).toBeNull();
    expect(within(rows[1]).getByTestId("attachment-icon").textContent).toBe("PDF");
    expect(within(rows[1]).getByTestId("attachment-meta").textContent).toBe("820 bytes · Ada, 4 Mar 2026, 09:05");
    const download = within(rows[1]).getByRole("link", { name: "Download manual.pdf" });
    expect(download.getAttribute("href")).toBe("/files/a2?expires=99&signature=s2&download=1");
    expect(download.getAttribute("download")).toBe("manual.pdf");
    expect(screen.getByTestId("attachments-count").textContent).toBe("2 files");
    expect(screen.getByRole("region", { name: "Attachments" })).toBeTruthy();
  });

  it("says so when there are none, and offers adding files to writers only", () => {
    loaded([]);
    show();
    expect(screen.getByText(/^No files yet\. Add pictures/)).toBeTruthy();
    expect(screen.getByTestId("attachments-choose")).toBeTruthy();
    expect(screen.getByTestId("attachments-drop").textContent).toContain("Drop files here");
  });

  it("hides adding, editing and deleting without the owner's write permission", () => {
    granted.delete(Permission.INVENTORY_WRITE);
    loaded([photo, manual]);
    show();
    expect(screen.getAllByTestId("attachment")).toHaveLength(2);
    expect(screen.queryByTestId("attachments-choose")).toBeNull();
    expect(screen.queryByTestId("attachments-drop")).toBeNull();
    expect(screen.queryByTestId("attachment-edit")).toBeNull();
    expect(screen.queryByTestId("attachment-delete")).toBeNull();
    expect(screen.getAllByTestId("attachment-download")).toHaveLength(2);
    // A drop does nothing then (not even sent).
    fireEvent.drop(screen.getByTestId("attachments"), { dataTransfer: { files: [new File(["x"], "x.png")], types: ["Files"] } });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("takes the caller's permission for the owner: a repair's files are written with SCAN", () => {
    granted.clear();
    granted.add(Permission.INVENTORY_READ).add(Permission.SCAN);
    loaded([]);
    show({ owner: "repair" });
    expect(screen.getByTestId("attachments-choose")).toBeTruthy();
    expect(screen.getByText(/^No files yet\. Add pictures/)).toBeTruthy();
  });

  it("an explicit canWrite wins over the permission", () => {
    loaded([manual]);
    show({ canWrite: false });
    expect(screen.queryByTestId("attachments-choose")).toBeNull();
    expect(screen.queryByTestId("attachment-delete")).toBeNull();
  });

  it("shows nothing to a caller who may not read the owner", () => {
    granted.clear();
    granted.add(Permission.INVENTORY_READ);
    loaded([manual]);
    const { container } = show({ owner: "quote" });
    expect(container.querySelector("[data-testid=attachments]")).toBeNull();
    expect(listed).toHaveBeenCalledWith("quote", "p1", false);
  });

  it("shows a failed list with the API's message and a retry", () => {
    list.mockReturnValue({ isPending: false, error: new ConnectError("no such product", Code.NotFound), data: undefined });
    show();
    expect(screen.getByRole("alert").textContent).toContain("no such product");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(refetch).toHaveBeenCalled();
  });

  it("uploads a chosen file with the bearer token and shows the node's message when it refuses it", async () => {
    loaded([]);
    fetchMock.mockResolvedValueOnce(json(415, { code: "invalid_argument", message: "logo.svg: image/svg+xml is not a type this node accepts" }));
    show();
    const file = new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" });
    fireEvent.change(screen.getByTestId("attachments-input"), { target: { files: [file] } });
    const alert = await screen.findByTestId("attachments-failure");
    expect(alert.textContent).toContain("logo.svg was not added: logo.svg: image/svg+xml is not a type this node accepts");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/files/product/p1?name=logo.svg");
    expect(init.method).toBe("POST");
    expect(init.body).toBe(file);
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer tok-1");
    expect(invalidate).not.toHaveBeenCalled();
    expect(screen.queryByTestId("attachments-uploading")).toBeNull();
    fireEvent.click(within(alert).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("attachments-failure")).toBeNull();
  });

  it("says a file too large is too large in the node's words, and one without words in its own", async () => {
    loaded([]);
    fetchMock.mockResolvedValueOnce(json(413, { code: "resource_exhausted", message: "the file is 31.2 MB; this node takes at most 25 MB" }));
    fetchMock.mockResolvedValueOnce(new Response("<html>Bad gateway</html>", { status: 502 }));
    show();
    fireEvent.change(screen.getByTestId("attachments-input"), { target: { files: [new File(["a"], "big.pdf"), new File(["b"], "other.pdf")] } });
    const alert = await screen.findByTestId("attachments-failure");
    await waitFor(() => expect(alert.textContent).toContain("other.pdf"));
    expect(alert.textContent).toContain("big.pdf was not added: the file is 31.2 MB; this node takes at most 25 MB");
    expect(alert.textContent).toContain("other.pdf was not added: The node could not store the file (HTTP 502). Try again.");
  });

  it("explains an upload the node cut off when the file is over the default limit", async () => {
    loaded([]);
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch")).mockRejectedValueOnce(new TypeError("Failed to fetch"));
    show();
    const big = new File(["x"], "video.pdf");
    Object.defineProperty(big, "size", { value: 40_000_000 });
    fireEvent.change(screen.getByTestId("attachments-input"), { target: { files: [big, new File(["y"], "small.pdf")] } });
    const alert = await screen.findByTestId("attachments-failure");
    await waitFor(() => expect(alert.textContent).toContain("small.pdf"));
    expect(alert.textContent).toContain("video.pdf was not added: The upload stopped before the node answered. At 38.1 MB, the file may be over the node's limit (25 MB unless");
    expect(alert.textContent).toContain("small.pdf was not added: The node could not be reached.");
  });

  it("adds dropped files one after another and reads the list again", async () => {
    loaded([]);
    fetchMock.mockImplementation(() => Promise.resolve(json(201, { id: "n1", fileName: "a.png", sizeBytes: "10", image: true })));
    show();
    const zone = screen.getByTestId("attachments");
    fireEvent.dragEnter(zone, { dataTransfer: { types: ["Files"], files: [] } });
    expect(zone.getAttribute("data-over")).toBe("true");
    fireEvent.drop(zone, { dataTransfer: { types: ["Files"], files: [new File(["1"], "a.png", { type: "image/png" }), new File(["2"], "b.png", { type: "image/png" })] } });
    await waitFor(() => expect(invalidate).toHaveBeenCalledTimes(1));
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual(["/files/product/p1?name=a.png", "/files/product/p1?name=b.png"]);
    expect(zone.getAttribute("data-over")).toBeNull();
    expect(screen.getByTestId("attachments-announce").textContent).toBe("2 files added");
    expect(screen.queryByTestId("attachments-failure")).toBeNull();
  });

  it("deletes only after the confirmation; Cancel keeps the file", async () => {
    loaded([photo, manual]);
    remove.mockResolvedValue({});
    show();
    const row = screen.getAllByTestId("attachment")[1];
    fireEvent.click(within(row).getByRole("button", { name: "Delete manual.pdf" }));
    const dialog = await screen.findByTestId("attachment-delete-dialog");
    expect(dialog.textContent).toContain("Delete manual.pdf? It is gone for everyone.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(remove).not.toHaveBeenCalled();

    fireEvent.click(within(row).getByRole("button", { name: "Delete manual.pdf" }));
    fireEvent.click(await screen.findByTestId("attachment-delete-confirm"));
    await waitFor(() => expect(remove).toHaveBeenCalledTimes(1));
    expect(remove).toHaveBeenCalledWith({ id: "a2" });
  });

  it("keeps the dialog open with the node's message when the delete is refused", async () => {
    loaded([manual]);
    remove.mockRejectedValue(new ConnectError("you may not delete this file", Code.PermissionDenied));
    show();
    fireEvent.click(screen.getByTestId("attachment-delete"));
    fireEvent.click(await screen.findByTestId("attachment-delete-confirm"));
    expect((await screen.findByTestId("attachment-delete-error")).textContent).toBe("you may not delete this file");
    expect(screen.getByTestId("attachment-delete-dialog")).toBeTruthy();
  });

  it("renames and changes the caption, sending the name only when it changed", async () => {
    loaded([photo]);
    update.mockResolvedValue(photo);
    show();
    fireEvent.click(screen.getByRole("button", { name: "Edit front.jpg" }));
    const caption = await screen.findByTestId("attachment-edit-caption");
    fireEvent.change(caption, { target: { value: "  Dent, left side " } });
    fireEvent.click(screen.getByTestId("attachment-edit-save"));
    await waitFor(() => expect(update).toHaveBeenCalled());
    expect(update).toHaveBeenCalledWith({ id: "a1", fileName: "", caption: "Dent, left side", updateCaption: true });
  });

  it("puts the node's refusal of a new name by the name field", async () => {
    loaded([manual]);
    update.mockRejectedValue(new ConnectError("invalid request: file_name must keep the extension .pdf", Code.InvalidArgument));
    show();
    fireEvent.click(screen.getByTestId("attachment-edit"));
    fireEvent.change(await screen.findByTestId("attachment-edit-name"), { target: { value: "manual.docx" } });
    fireEvent.click(screen.getByTestId("attachment-edit-save"));
    await waitFor(() => expect(update).toHaveBeenCalled());
    expect(update).toHaveBeenCalledWith({ id: "a2", fileName: "manual.docx", caption: "", updateCaption: false });
    expect(await screen.findByText("must keep the extension .pdf")).toBeTruthy();
  });
});
