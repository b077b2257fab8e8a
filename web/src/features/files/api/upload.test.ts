import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const auth = vi.hoisted(() => ({
  token: "old" as string | null,
  resume: vi.fn(() => Promise.resolve(true)),
  refresh: vi.fn(() => Promise.resolve(true)),
}));
vi.mock("../../../lib/transport", () => ({ auth }));

const { uploadAttachment } = await import("./upload");
const { UploadError } = await import("../lib/files");

const fetchMock = vi.fn();
const file = () => new File(["\x89PNG"], "dent.png", { type: "image/png" });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

beforeEach(() => {
  auth.token = "old";
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.clearAllMocks();
});

describe("uploadAttachment", () => {
  it("posts the bytes with the token and the caption, and reads the Attachment's JSON", async () => {
    fetchMock.mockResolvedValueOnce(
      json(201, { id: "f1", owner: "ATTACHMENT_OWNER_REPAIR", ownerId: "r1", fileName: "dent.png", sizeBytes: "4", image: true, downloadUrl: "/files/f1?expires=1&signature=s", uploadedAt: "2026-03-04T09:05:00Z", somethingNew: 1 }),
    );
    const a = await uploadAttachment("repair", "r1", file(), "left side");
    expect(a?.id).toBe("f1");
    expect(a?.sizeBytes).toBe(4n);
    expect(a?.image).toBe(true);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/files/repair/r1?name=dent.png&caption=left+side");
    expect(init.headers).toMatchObject({ Authorization: "Bearer old", "Content-Type": "image/png" });
  });

  it("refreshes an expired token once and sends the file again", async () => {
    auth.refresh.mockImplementationOnce(() => {
      auth.token = "new";
      return Promise.resolve(true);
    });
    fetchMock.mockResolvedValueOnce(json(401, { code: "unauthenticated", message: "token expired" })).mockResolvedValueOnce(json(201, { id: "f2" }));
    const a = await uploadAttachment("product", "p1", file());
    expect(a?.id).toBe("f2");
    expect(auth.refresh).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls.map((c) => (c[1] as RequestInit).headers)).toMatchObject([{ Authorization: "Bearer old" }, { Authorization: "Bearer new" }]);
  });

  it("gives up when the session cannot be refreshed", async () => {
    auth.refresh.mockResolvedValueOnce(false);
    fetchMock.mockResolvedValueOnce(json(401, { code: "unauthenticated", message: "token expired" }));
    await expect(uploadAttachment("product", "p1", file())).rejects.toMatchObject({ kind: "unauthenticated", status: 401 });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("rejects with the node's message and the kind of the refusal", async () => {
    fetchMock.mockResolvedValueOnce(json(413, { code: "resource_exhausted", message: "the file is 30 MB; at most 25 MB" }));
    const e = await uploadAttachment("event", "e1", file()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UploadError);
    expect(e).toMatchObject({ kind: "tooLarge", detail: "the file is 30 MB; at most 25 MB", status: 413 });
  });

  it("says the node is unreachable when the request fails", async () => {
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await expect(uploadAttachment("quote", "q1", file())).rejects.toMatchObject({ kind: "network" });
  });

  it("resumes the session first after a reload", async () => {
    auth.token = null;
    auth.resume.mockImplementationOnce(() => {
      auth.token = "resumed";
      return Promise.resolve(true);
    });
    fetchMock.mockResolvedValueOnce(json(201, { id: "f3" }));
    await uploadAttachment("asset", "a1", file());
    expect((fetchMock.mock.calls[0][1] as RequestInit).headers).toMatchObject({ Authorization: "Bearer resumed" });
  });
});
