import { useState } from "react";
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useNavigate } from "@tanstack/react-router";
import { useIntl } from "react-intl";
import { useInventorySearch } from "../../features/inventory/api/products";
import { useEventSearch } from "../../features/events/api/events";
import { useQuery } from "@tanstack/react-query";
import { client } from "../../lib/transport";
import { Permission } from "../../gen/eventkit/v1/access_pb";
import { useCan } from "../../lib/session";

/**
 * The shell's search: products by name or model, assets by barcode or serial (InventoryService
 * Search), and events by name, client or venue (ListEvents' query), in two groups; picking a product
 * or asset opens the product, picking an event opens the event. With CRM_READ, also client companies
 * and contacts (ListCompanies, ListContacts), which open the company.
 */
export function GlobalSearch() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [debounced] = useDebouncedValue(text.trim(), 200);
  const results = useInventorySearch(debounced);
  const events = useEventSearch(debounced);
  const crm = useCan(Permission.CRM_READ);
  const clients = useQuery({
    queryKey: ["shell-client-search", debounced],
    queryFn: () => searchClients(debounced),
    enabled: crm && debounced.length > 0,
    retry: false,
    staleTime: 30_000,
  });
  const clientOptions = clients.data ?? [];
  const inventory = (results.data?.hits ?? []).flatMap((h) => {
    if (h.item.case === "product") return [{ value: `p:${h.item.value.id}`, label: h.item.value.name }];
    if (h.item.case === "asset") {
      const a = h.item.value;
      return [{ value: `a:${a.productId}:${a.id}`, label: intl.formatMessage({ id: "search.asset" }, { barcode: a.barcode, serial: a.serial || "—" }) }];
    }
    return [];
  });
  const eventOptions = (events.data?.events ?? []).map((e) => ({
    value: `e:${e.id}`,
    label: e.clientName ? `${e.name} · ${e.clientName}` : e.name,
  }));
  const options = [
    ...(inventory.length ? [{ group: intl.formatMessage({ id: "search.inventory" }), items: inventory }] : []),
    ...(eventOptions.length ? [{ group: intl.formatMessage({ id: "search.events" }), items: eventOptions }] : []),
    ...(clientOptions.length ? [{ group: intl.formatMessage({ id: "search.clients" }), items: clientOptions }] : []),
  ];
  return (
    <Select
      aria-label={intl.formatMessage({ id: "search.label" })}
      placeholder={intl.formatMessage({ id: "search.placeholder" })}
      searchable
      size="xs"
      w={{ base: 140, md: 260 }}
      visibleFrom="sm"
      value={null}
      searchValue={text}
      onSearchChange={setText}
      filter={({ options: o }) => o}
      data={options}
      nothingFoundMessage={debounced && !results.isFetching && !events.isFetching && !clients.isFetching ? intl.formatMessage({ id: "search.none" }) : undefined}
      onChange={(v) => {
        if (!v) return;
        const [kind, id] = v.split(":");
        setText("");
        if (kind === "c" || kind === "k") {
          void navigate({ to: "/clients/$companyId", params: { companyId: id } });
          return;
        }
        if (kind === "e") {
          void navigate({ to: "/events/$eventId", params: { eventId: id } });
          return;
        }
        const productId = id;
        void navigate({ to: "/inventory/products/$productId", params: { productId } });
      }}
      data-testid="global-search"
    />
  );
}

/**
 * Companies and contacts matching the text (ListCompanies, ListContacts), as search options. CRM's
 * generated code is loaded on the first search, not with the first page.
 */
async function searchClients(query: string): Promise<{ value: string; label: string }[]> {
  const { CrmService } = await import("../../gen/eventkit/v1/crm_pb");
  const crm = client(CrmService);
  const [companies, contacts] = await Promise.all([
    crm.listCompanies({ query, page: { pageSize: 5 } }),
    crm.listContacts({ query, page: { pageSize: 5 } }),
  ]);
  return [
    ...companies.companies.map((c) => ({ value: `c:${c.id}`, label: c.name })),
    ...contacts.contacts.map((p) => ({
      value: `k:${p.companyId}:${p.id}`,
      label: `${[p.firstName, p.lastName].filter(Boolean).join(" ")} · ${p.companyName}`,
    })),
  ];
}
