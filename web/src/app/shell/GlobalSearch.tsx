import { useState } from "react";
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useNavigate } from "@tanstack/react-router";
import { useIntl } from "react-intl";
import { useInventorySearch } from "../../features/inventory/api/products";

/**
 * The shell's search: products by name or model, assets by barcode or serial (InventoryService
 * Search); picking one opens the product. Events are not searchable yet (ListEvents has no query).
 */
export function GlobalSearch() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [debounced] = useDebouncedValue(text.trim(), 200);
  const results = useInventorySearch(debounced);
  const options = (results.data?.hits ?? []).flatMap((h) => {
    if (h.item.case === "product") return [{ value: `p:${h.item.value.id}`, label: h.item.value.name }];
    if (h.item.case === "asset") {
      const a = h.item.value;
      return [{ value: `a:${a.productId}:${a.id}`, label: intl.formatMessage({ id: "search.asset" }, { barcode: a.barcode, serial: a.serial || "—" }) }];
    }
    return [];
  });
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
      nothingFoundMessage={debounced && !results.isFetching ? intl.formatMessage({ id: "search.none" }) : undefined}
      onChange={(v) => {
        if (!v) return;
        const productId = v.split(":")[1];
        setText("");
        void navigate({ to: "/inventory/products/$productId", params: { productId } });
      }}
      data-testid="global-search"
    />
  );
}
