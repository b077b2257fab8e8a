import { DeliveryState, WebhookState } from "../../../gen/eventkit/v1/notifications_pb";

/** A webhook's state as a badge: colour and message key. */
export function stateBadge(s: WebhookState): { color: string; key: string } {
  switch (s) {
    case WebhookState.ENABLED:
      return { color: "green", key: "webhooks.state.enabled" };
    case WebhookState.DISABLED:
      return { color: "gray", key: "webhooks.state.disabled" };
    case WebhookState.FAILING:
      return { color: "red", key: "webhooks.state.failing" };
    default:
      return { color: "gray", key: "webhooks.state.unknown" };
  }
}

export function deliveryBadge(s: DeliveryState): { color: string; key: string } {
  switch (s) {
    case DeliveryState.PENDING:
      return { color: "yellow", key: "webhooks.delivery.pending" };
    case DeliveryState.DELIVERED:
      return { color: "green", key: "webhooks.delivery.delivered" };
    case DeliveryState.FAILED:
      return { color: "red", key: "webhooks.delivery.failed" };
    default:
      return { color: "gray", key: "webhooks.state.unknown" };
  }
}

/** A URL the node may accept: https (http only to hosts an admin allowed, which the node checks). */
export function urlProblem(url: string): "required" | "invalid" | "scheme" | undefined {
  const u = url.trim();
  if (!u) return "required";
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return "invalid";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "scheme";
  if (!parsed.hostname) return "invalid";
  return undefined;
}

/** The JSON body pretty-printed when it parses, else as it is. */
export function prettyJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}
