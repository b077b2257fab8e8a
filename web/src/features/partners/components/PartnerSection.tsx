import type { ReactNode } from "react";
import { Alert, Stack, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";

/**
 * A titled region of a partner's page whose content needs an active partnership: until then it
 * says so instead. `dialogs` stay mounted either way (so they can fade out).
 */
export function PartnerSection(props: { titleId: string; testId: string; enabled: boolean; dialogs?: ReactNode; children: ReactNode }) {
  const intl = useIntl();
  return (
    <Stack role="region" aria-label={intl.formatMessage({ id: props.titleId })} data-testid={props.testId}>
      <Title order={3} size="h4">
        <FormattedMessage id={props.titleId} />
      </Title>
      {!props.enabled ? (
        <Alert color="gray" c="dark.8">
          <FormattedMessage id="partners.catalogue.notActive" />
        </Alert>
      ) : (
        props.children
      )}
      {props.dialogs}
    </Stack>
  );
}
