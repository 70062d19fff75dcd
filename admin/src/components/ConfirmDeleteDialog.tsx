import { Button, Dialog } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useState, type ReactNode } from 'react';

interface ConfirmDeleteDialogProps {
  /** What opens the dialog (a button or an icon button). */
  trigger: ReactNode;
  title: string;
  /** The confirm button's words: it names what it does (Strapi's dialog says "Confirm"). */
  confirmLabel: string;
  confirmTestId: string;
  children: ReactNode;
  onConfirm: () => Promise<void>;
}

/** A destructive action behind Strapi's confirmation dialog, busy while it runs, closed once done. */
export const ConfirmDeleteDialog = ({ trigger, title, confirmLabel, confirmTestId, children, onConfirm }: ConfirmDeleteDialogProps) => {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      setOpen(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger>{trigger}</Dialog.Trigger>
      <ConfirmDialog
        title={title}
        endAction={
          <Button fullWidth variant="danger" startIcon={<Trash />} loading={busy} onClick={confirm} data-testid={confirmTestId}>
            {confirmLabel}
          </Button>
        }
      >
        {children}
      </ConfirmDialog>
    </Dialog.Root>
  );
};
