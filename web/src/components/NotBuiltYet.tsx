import { Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";

export function NotBuiltYet({ screen }: { screen: string }) {
  const intl = useIntl();
  return (
    <>
      <Title order={2}>{intl.formatMessage({ id: screen })}</Title>
      <Text c="dimmed">
        <FormattedMessage id="later.body" />
      </Text>
    </>
  );
}
