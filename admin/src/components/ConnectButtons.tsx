import { Button, Flex } from '@strapi/design-system';
import type { ConfigStatus, LoginKind } from '../api';
import { useStartOAuth } from '../hooks/useStartOAuth';
import { useT } from '../hooks/useT';
import { InstagramIcon } from './InstagramIcon';

/** "Connect with Instagram" / "Connect with Facebook", one per configured login product. */
export const ConnectButtons = ({ status }: { status: ConfigStatus | undefined }) => {
  const t = useT();
  const { start, startingFlow } = useStartOAuth();
  const flows = (['instagram', 'facebook'] as LoginKind[]).filter((flow) => status?.flows[flow]?.configured);
  if (flows.length === 0) return null;

  return (
    <Flex gap={2} wrap="wrap">
      {flows.map((flow, index) => (
        <Button
          key={flow}
          variant={index === 0 ? 'default' : 'secondary'}
          startIcon={<InstagramIcon />}
          loading={startingFlow === flow}
          disabled={startingFlow !== null && startingFlow !== flow}
          onClick={() => start(flow)}
          data-testid={`connect-${flow}`}
        >
          {t(`connections.connect.${flow}`)}
        </Button>
      ))}
    </Flex>
  );
};
