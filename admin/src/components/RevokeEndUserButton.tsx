import { IconButton } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useT } from '../hooks/useT';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';

interface RevokeEndUserButtonProps {
  username: string;
  owner: string;
  onConfirm: () => Promise<void>;
}

/** Support's revoke of an app user's connection, behind Strapi's confirmation dialog (the token is destroyed). */
export const RevokeEndUserButton = ({ username, owner, onConfirm }: RevokeEndUserButtonProps) => {
  const t = useT();
  return (
    <ConfirmDeleteDialog
      // An icon, as Strapi's list views delete a row: the table keeps its width for the facts.
      trigger={
        <IconButton variant="danger-light" label={t('endUsers.revoke')} withTooltip data-testid="end-user-revoke">
          <Trash />
        </IconButton>
      }
      title={t('endUsers.revoke.title')}
      confirmLabel={t('endUsers.revoke.confirm')}
      confirmTestId="end-user-revoke-confirm"
      onConfirm={onConfirm}
    >
      {t('endUsers.revoke.body', { username, owner })}
    </ConfirmDeleteDialog>
  );
};
