import { Code } from "@mantine/core";
import { fingerprintLines } from "../lib/invitation";

/** A SHA-256 fingerprint as 4 lines of colon-separated pairs, monospace, for reading out loud. */
export function Fingerprint({ hex, testId }: { hex: string; testId?: string }) {
  const lines = fingerprintLines(hex);
  return (
    <Code block data-testid={testId} style={{ fontSize: "0.95rem", lineHeight: 1.6 }}>
      {lines.length ? lines.join("\n") : "—"}
    </Code>
  );
}
