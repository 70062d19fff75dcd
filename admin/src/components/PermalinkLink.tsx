import { Link } from '@strapi/design-system';
import { ExternalLink } from '@strapi/icons';
import { useT } from '../hooks/useT';

/** "View on Instagram" for a published post. */
export const PermalinkLink = ({ permalink }: { permalink: string | null }) => {
  const t = useT();
  if (!permalink) return null;
  return (
    <Link href={permalink} isExternal endIcon={<ExternalLink />} data-testid="permalink" style={{ whiteSpace: 'nowrap' }}>
      {t('publication.permalink')}
    </Link>
  );
};
