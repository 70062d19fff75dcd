import { Button, Dialog } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useT } from '../hooks/useT';

interface DisconnectButtonProps {
  username: string;
  onConfirm: () => Promise<void>;
}

/** Disconnect, behind Strapi's confirmation dialog (the stored token is destroyed). */
export const DisconnectButton = ({ username, onConfirm }: DisconnectButtonProps) => {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger>
        <Button variant="danger-light" size="S" startIcon={<Trash />} data-testid="disconnect">
          {t('connections.disconnect')}
        </Button>
      </Dialog.Trigger>
      <ConfirmDialog
        title={t('connections.disconnect.title')}
        endAction={
          // Strapi's dialog says "Confirm"; the button names what it does.
          <Button
            fullWidth
            variant="danger"
            startIcon={<Trash />}
            loading={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onConfirm();
                setOpen(false);
              } finally {
                setBusy(false);
              }
            }}
            data-testid="disconnect-confirm"
          >
            {t('connections.disconnect.confirm')}
          </Button>
        }
      >
        {t('connections.disconnect.body', { username })}
      </ConfirmDialog>
    </Dialog.Root>
  );
};
