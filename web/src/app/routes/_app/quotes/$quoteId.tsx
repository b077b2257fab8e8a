import { createFileRoute } from "@tanstack/react-router";
import { QuoteEditorScreen } from "../../../../features/quotes/routes/QuoteEditorScreen";

export const Route = createFileRoute("/_app/quotes/$quoteId")({ component: QuoteEditorScreen });
