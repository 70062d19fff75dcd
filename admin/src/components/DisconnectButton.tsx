import { Button } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useT } from '../hooks/useT';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';

interface DisconnectButtonProps {
  username: string;
  onConfirm: () => Promise<void>;
}

/** Disconnect, behind Strapi's confirmation dialog (the stored token is destroyed). */
export const DisconnectButton = ({ username, onConfirm }: DisconnectButtonProps) => {
  const t = useT();
  return (
    <ConfirmDeleteDialog
      trigger={
        <Button variant="danger-light" size="S" startIcon={<Trash />} data-testid="disconnect">
          {t('connections.disconnect')}
        </Button>
      }
      title={t('connections.disconnect.title')}
      confirmLabel={t('connections.disconnect.confirm')}
      confirmTestId="disconnect-confirm"
      onConfirm={onConfirm}
    >
      {t('connections.disconnect.body', { username })}
    </ConfirmDeleteDialog>
  );
};
