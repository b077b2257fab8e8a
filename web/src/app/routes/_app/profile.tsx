import { createFileRoute } from "@tanstack/react-router";
import { ProfileScreen } from "../../../features/auth/routes/ProfileScreen";

export const Route = createFileRoute("/_app/profile")({ component: ProfileScreen });
