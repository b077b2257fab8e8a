import { createFileRoute } from "@tanstack/react-router";
import { NotBuiltYet } from "../../../components/NotBuiltYet";

export const Route = createFileRoute("/_app/partners")({
  component: () => <NotBuiltYet screen="nav.partners" />,
});
