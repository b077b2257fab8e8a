import { useEffect, useState } from "react";
import { TextInput } from "@mantine/core";

/**
 * An inline field that commits on Enter or when it loses focus, only if the text changed. `parse`
 * turns the text into what is sent, or an error message to show; Esc puts the value back.
 */
export function EditableCell<T>({ value, label, parse, onCommit, disabled, width, testId, align }: { value: string; label: string; parse(text: string): { ok: true; value: T } | { ok: false; error: string }; onCommit(v: T): void; disabled?: boolean; width?: number; testId?: string; align?: "end" }) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText(value);
    setError(undefined);
  }, [value]);
  const commit = () => {
    if (text === value) return;
    const r = parse(text);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(undefined);
    onCommit(r.value);
  };
  return (
    <TextInput
      size="xs"
      aria-label={label}
      value={text}
      disabled={disabled}
      w={width}
      error={error}
      styles={align ? { input: { textAlign: align } } : undefined}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          commit();
        } else if (e.key === "Escape") {
          setText(value);
          setError(undefined);
        }
      }}
      data-testid={testId}
    />
  );
}
