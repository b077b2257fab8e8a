import { createFileRoute } from "@tanstack/react-router";
import { ResolveScreen } from "../../../../features/subhire/routes/ResolveScreen";

export const Route = createFileRoute("/_app/subhires/resolve")({
  validateSearch: (s: Record<string, unknown>): { barcode?: string } => ({
    barcode: typeof s.barcode === "string" && s.barcode.trim() !== "" ? s.barcode.trim() : undefined,
  }),
  component: ResolveScreen,
});
