import { Button, Dialog, IconButton } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useT } from '../hooks/useT';

interface RevokeEndUserButtonProps {
  username: string;
  owner: string;
  onConfirm: () => Promise<void>;
}

/** Support's revoke of an app user's connection, behind Strapi's confirmation dialog (the token is destroyed). */
export const RevokeEndUserButton = ({ username, owner, onConfirm }: RevokeEndUserButtonProps) => {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger>
        {/* An icon, as Strapi's list views delete a row: the table keeps its width for the facts. */}
        <IconButton variant="danger-light" label={t('endUsers.revoke')} withTooltip data-testid="end-user-revoke">
          <Trash />
        </IconButton>
      </Dialog.Trigger>
      <ConfirmDialog
        title={t('endUsers.revoke.title')}
        endAction={
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
            data-testid="end-user-revoke-confirm"
          >
            {t('endUsers.revoke.confirm')}
          </Button>
        }
      >
        {t('endUsers.revoke.body', { username, owner })}
      </ConfirmDialog>
    </Dialog.Root>
  );
};
