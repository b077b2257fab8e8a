import { TextInput } from "@mantine/core";
import { useCallback, useEffect, type Ref, type RefObject } from "react";

/**
 * The big barcode field a keyboard-wedge scanner types into (no autocorrect, Enter submits).
 * Pair it with {@link useWedgeFocus} so that typing anywhere on the page lands in it.
 */
export function ScanInput(props: {
  inputRef: Ref<HTMLInputElement>;
  label: string;
  placeholder?: string;
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <TextInput
      ref={props.inputRef}
      size="xl"
      autoFocus
      autoComplete="off"
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      enterKeyHint="go"
      label={props.label}
      placeholder={props.placeholder}
      value={props.value}
      disabled={props.disabled}
      onChange={(ev) => props.onChange(ev.currentTarget.value)}
      data-testid={props.testId ?? "scan-input"}
    />
  );
}

/**
 * A wedge scanner types wherever the focus is: a printable key pressed outside any field moves the
 * focus to `input` (the key then lands there). Space stays with a focused button, radio or switch.
 * Paused while `paused` (a dialog is open). Returns `refocus()`, which gives the input the focus
 * back after the current event (e.g. after a dialog's close transition).
 */
export function useWedgeFocus(input: RefObject<HTMLInputElement | null>, paused = false): () => void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      // Barcodes have no spaces: Space keeps its keyboard meaning on the focused control.
      if (paused || e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1 || e.key === " ") return;
      const typing =
        t instanceof HTMLInputElement ? !["radio", "checkbox", "button", "submit"].includes(t.type) : false;
      if (t && (typing || t.closest("textarea, select, [contenteditable], [role=dialog]") || t.isContentEditable)) return;
      input.current?.focus();
      // The character goes to the input; the page's one-key shortcuts ('/', 'n') must not fire.
      e.stopPropagation();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [input, paused]);
  return useCallback(() => {
    window.setTimeout(() => input.current?.focus(), 0);
  }, [input]);
}
