import { Stack, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage } from "react-intl";
import { AnchorLink } from "../../../components/AnchorLink";
import { ResolveAssetBox } from "../components/ResolveAssetBox";

const route = getRouteApi("/_app/subhires/resolve");

/** A partner's barcode: whose it is and which sub-hire brought it (`?barcode=` looks one up at once). */
export function ResolveScreen() {
  const { barcode } = route.useSearch();
  return (
    <Stack>
      <AnchorLink to="/subhires" size="sm">
        ← <FormattedMessage id="subhire.title" />
      </AnchorLink>
      <Title order={2}>
        <FormattedMessage id="subhire.resolveTitle" />
      </Title>
      <Text size="sm">
        <FormattedMessage id="subhire.resolveHint" />
      </Text>
      <ResolveAssetBox initial={barcode} />
    </Stack>
  );
}
