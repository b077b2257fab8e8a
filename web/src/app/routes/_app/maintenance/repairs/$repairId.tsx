import { createFileRoute } from "@tanstack/react-router";
import { RepairDetailScreen } from "../../../../../features/maintenance/routes/RepairDetailScreen";
import { AttachmentsPanel } from "../../../../../features/files/components/AttachmentsPanel";

/**
 * The repair ticket, with its attachments: damage photos taken on a phone (written with SCAN, so
 * the warehouse adds them), quotes for parts (features meet here).
 * The ticket loads by its ID (GetRepair); the `?asset=` older links carry is ignored.
 */
function RepairPage() {
  return <RepairDetailScreen extra={(t) => <AttachmentsPanel owner="repair" ownerId={t.id} />} />;
}

export const Route = createFileRoute("/_app/maintenance/repairs/$repairId")({ component: RepairPage });
