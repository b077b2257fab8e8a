import { createFileRoute } from "@tanstack/react-router";
import { WithMessages } from "../../../../components/WithMessages";
import { ImportWizardScreen } from "../../../../features/data/routes/ImportWizardScreen";
import { dataMessages } from "../../../../features/data/messages";

export const Route = createFileRoute("/_app/data/import")({
  component: () => (
    <WithMessages messages={dataMessages}>
      <ImportWizardScreen />
    </WithMessages>
  ),
});
