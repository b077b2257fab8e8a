import { ScanVerdict } from "../../gen/eventkit/v1/scanning_pb";

export { SEVERITY_COLOR, SEVERITY_TONE, SEVERITY_VIBRATION, severityColor, signal } from "../../lib/signal";

export function verdictLabelId(v: ScanVerdict): string {
  return `scan.verdict.${ScanVerdict[v] ?? "UNSPECIFIED"}`;
}
