import { useEffect, useRef, useState } from "react";
import { Button, Group, Loader, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { useCan } from "../../../lib/session";
import { useShortcut } from "../../../lib/shortcuts";
import { ProductForm } from "../components/ProductForm";
import { FormattedMessage, useIntl } from "react-intl";
import { QueryState } from "../../../components/QueryState";
import { CategorySelect } from "../../../components/CategorySelect";
import { LIST_SEARCH_DEBOUNCE_MS } from "../../../components/ListSearch";
import { ProductTable } from "../components/ProductTable";
import { useProductPage } from "../api/products";
import { useCategories } from "../api/inventory";

const route = getRouteApi("/_app/inventory/products/");

/** Products, paged and searched on the server; the query and the page live in the URL. */
export function ProductListScreen() {
  const intl = useIntl();
  const { q, page, category } = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(q ?? "");
  const [debounced] = useDebouncedValue(text.trim(), LIST_SEARCH_DEBOUNCE_MS);
  const searchBox = useRef<HTMLInputElement>(null);
  const go = useNavigate();
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const [creating, { open, close }] = useDisclosure(false);
  useShortcut("n", open, canEdit);

  useEffect(() => {
    if ((debounced || undefined) !== q) {
      void navigate({ search: (s) => ({ ...s, q: debounced || undefined, page: undefined }), replace: true });
    }
  }, [debounced, q, navigate]);

  // "/" focuses the search box (ux-brief), unless the user is typing somewhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === "/" && !(t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable))) {
        e.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const products = useProductPage(q, page, category);
  const categories = useCategories();

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="products.title" />
        </Title>
        <Group>
          {products.isFetching && !products.isPending && <Loader size="xs" />}
          {canEdit && (
            <Button onClick={open} data-testid="product-new">
              <FormattedMessage id="product.new" />
            </Button>
          )}
        </Group>
      </Group>
      <Modal opened={creating} onClose={close} size="lg" title={intl.formatMessage({ id: "product.new.title" })}>
        <ProductForm
          onCancel={close}
          onDone={(p) => {
            close();
            void go({ to: "/inventory/products/$productId", params: { productId: p.id } });
          }}
        />
      </Modal>
      <Group gap="sm" align="center">
        <TextInput
          ref={searchBox}
          type="search"
          aria-label={intl.formatMessage({ id: "products.search" })}
          placeholder={intl.formatMessage({ id: "products.search" }) + " ( / )"}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-testid="product-search"
          style={{ flex: 1, minWidth: 200 }}
        />
        <CategorySelect
          categories={categories}
          value={category}
          onChange={(c) => void navigate({ search: (s) => ({ ...s, category: c, page: undefined }) })}
          testId="category-filter"
        />
      </Group>
      {category && q && (
        <Text size="sm" c="dimmed">
          <FormattedMessage id="products.categoryIgnored" />
        </Text>
      )}
      <QueryState
        isPending={products.isPending}
        error={products.error}
        onRetry={() => void products.refetch()}
        isEmpty={products.data?.products.length === 0}
        empty={<FormattedMessage id="products.empty" />}
      >
        <ProductTable
          products={products.data?.products ?? []}
          onCategory={(c) => void navigate({ search: (s) => ({ ...s, category: c, page: undefined }) })}
        />
      </QueryState>
      <Group>
        <Button variant="default" disabled={!page} onClick={() => void navigate({ search: (s) => ({ ...s, page: undefined }) })}>
          <FormattedMessage id="products.first" />
        </Button>
        <Button
          variant="default"
          disabled={!products.data?.nextPageToken}
          onClick={() => void navigate({ search: (s) => ({ ...s, page: products.data?.nextPageToken }) })}
        >
          <FormattedMessage id="products.next" />
        </Button>
      </Group>
    </Stack>
  );
}
