import { useState, type FormEvent } from "react";
import { Button, Group, TextInput } from "@mantine/core";

/**
 * A barcode field with a button that looks it up (Enter too): for a hand scanner or typing. The
 * caller decides what a lookup does; the field keeps what was typed.
 */
export function BarcodeLookup(props: {
  label: string;
  buttonLabel: string;
  onLookup(barcode: string): void;
  pending?: boolean;
  initial?: string;
  testId?: string;
}) {
  const [value, setValue] = useState(props.initial ?? "");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const b = value.trim();
    if (b) props.onLookup(b);
  };
  const id = props.testId ?? "barcode-lookup";
  return (
    <form onSubmit={submit} noValidate data-testid={id}>
      <Group align="end" gap="xs">
        <TextInput
          label={props.label}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          maxLength={128}
          w={260}
          data-testid={`${id}-input`}
        />
        <Button type="submit" variant="default" loading={props.pending} disabled={props.pending} data-testid={`${id}-submit`}>
          {props.buttonLabel}
        </Button>
      </Group>
    </form>
  );
}
