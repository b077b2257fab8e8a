import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { useRef, useState } from "react";
import { ScanInput, useWedgeFocus } from "./ScanInput";

function Harness({ paused = false }: { paused?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState("");
  useWedgeFocus(input, paused);
  return (
    <MantineProvider>
      <button type="button">other</button>
      <textarea aria-label="note" />
      <ScanInput inputRef={input} label="Barcode" value={code} onChange={setCode} />
    </MantineProvider>
  );
}

describe("useWedgeFocus", () => {
  it("moves a printable key typed outside any field to the scan input", () => {
    render(<Harness />);
    const button = screen.getByRole("button", { name: "other" });
    button.focus();
    fireEvent.keyDown(button, { key: "A" });
    expect(document.activeElement).toBe(screen.getByTestId("scan-input"));
  });

  it("leaves Space on a focused button, typing in a field, and everything while paused", () => {
    const { unmount } = render(<Harness />);
    const button = screen.getByRole("button", { name: "other" });
    button.focus();
    fireEvent.keyDown(button, { key: " " });
    expect(document.activeElement).toBe(button);
    const note = screen.getByRole("textbox", { name: "note" });
    note.focus();
    fireEvent.keyDown(note, { key: "x" });
    expect(document.activeElement).toBe(note);
    unmount();
    render(<Harness paused />);
    const other = screen.getByRole("button", { name: "other" });
    other.focus();
    fireEvent.keyDown(other, { key: "A" });
    expect(document.activeElement).toBe(other);
  });
});
