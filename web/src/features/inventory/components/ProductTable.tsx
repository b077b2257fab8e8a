import { Anchor, Table } from "@mantine/core";
import { useIntl } from "react-intl";
import type { Product } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { useFirstRows } from "../../../lib/firstRows";

/** Products; a category filters the list to it (`onCategory`). */
export function ProductTable({ products, onCategory }: { products: Product[]; onCategory?(category: string): void }) {
  const intl = useIntl();
  const rows = useFirstRows(products);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover verticalSpacing={4} data-testid="product-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{intl.formatMessage({ id: "products.name" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "products.manufacturer" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "products.model" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "products.category" })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <AnchorLink to="/inventory/products/$productId" params={{ productId: p.id }} size="sm">
                  {p.name}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{p.manufacturer}</Table.Td>
              <Table.Td>{p.model}</Table.Td>
              <Table.Td>
                {onCategory ? (
                  <Anchor component="button" type="button" size="sm" onClick={() => onCategory(p.category)} data-testid="category-link">
                    {p.category}
                  </Anchor>
                ) : (
                  p.category
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
