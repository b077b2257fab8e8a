import { Text, Title } from "@mantine/core";
import { FormattedMessage } from "react-intl";
import { useWhoAmI } from "../../lib/session";
import { useNodeInfo } from "../../features/node/api/node";
import { QueryState } from "../../components/QueryState";

export function DashboardScreen() {
  const me = useWhoAmI();
  const node = useNodeInfo();
  return (
    <QueryState isPending={me.isPending} error={me.error} onRetry={() => void me.refetch()}>
      <Title order={2} data-testid="welcome">
        <FormattedMessage id="dashboard.welcome" values={{ name: me.data?.name }} />
      </Title>
      <Text c="dimmed">
        <FormattedMessage id="dashboard.intro" values={{ node: node.data?.nodeId ?? "" }} />
      </Text>
    </QueryState>
  );
}
