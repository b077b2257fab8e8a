import { createFileRoute } from "@tanstack/react-router";
import { NotBuiltYet } from "../../../components/NotBuiltYet";

export const Route = createFileRoute("/_app/settings")({
  component: () => <NotBuiltYet screen="nav.settings" />,
});
