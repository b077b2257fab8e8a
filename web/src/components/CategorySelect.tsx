import { Select } from "@mantine/core";
import { useIntl } from "react-intl";

/** What the select needs of a ListCategories answer (the caller's query: its state and data). */
export interface CategoriesQuery {
  isPending: boolean;
  isError: boolean;
  data?: { categories: readonly { name: string; productCount: number }[] };
}

/**
 * The product category filter: every category on the node with its product count (the caller's
 * ListCategories query); clearing it shows all. A category in the URL that no product has any more
 * is still offered. Shared: the product list and the availability timeline both filter by category.
 */
export function CategorySelect({
  categories,
  value,
  onChange,
  testId,
}: {
  categories: CategoriesQuery;
  value: string | undefined;
  onChange(c: string | undefined): void;
  testId: string;
}) {
  const intl = useIntl();
  const data = (categories.data?.categories ?? []).map((c) => ({
    value: c.name,
    label: intl.formatMessage({ id: "products.categoryCount" }, { name: c.name, count: c.productCount }),
  }));
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: value });
  return (
    <Select
      aria-label={intl.formatMessage({ id: "products.category" })}
      placeholder={intl.formatMessage({ id: categories.isError ? "products.categoriesFailed" : "products.allCategories" })}
      clearable
      clearButtonProps={{ "aria-label": intl.formatMessage({ id: "products.clearCategory" }), ...({ "data-testid": `${testId}-clear` } as object) }}
      searchable
      nothingFoundMessage={intl.formatMessage({ id: "products.noCategory" })}
      value={value ?? null}
      onChange={(c) => onChange(c ?? undefined)}
      data={data}
      disabled={categories.isPending}
      w={260}
      data-testid={testId}
    />
  );
}
