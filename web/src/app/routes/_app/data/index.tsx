import { createFileRoute } from "@tanstack/react-router";
import { WithMessages } from "../../../../components/WithMessages";
import { ExportScreen } from "../../../../features/data/routes/ExportScreen";
import { dataMessages } from "../../../../features/data/messages";

// Not /data/export: that path is the node's download itself (docs/data.md), a reload there would
// fetch the zip without a token instead of this page.
export const Route = createFileRoute("/_app/data/")({
  component: () => (
    <WithMessages messages={dataMessages}>
      <ExportScreen />
    </WithMessages>
  ),
});
