import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';
import en from '../translations/en.json';

export type TranslationKey = keyof typeof en;

/** Plugin-scoped formatMessage: keys are checked against en.json at compile time. */
export const useT = () => {
  const { formatMessage } = useIntl();
  return useCallback(
    (id: TranslationKey, values?: Record<string, any>) =>
      formatMessage({ id: getTranslation(id), defaultMessage: en[id] }, values) as string,
    [formatMessage]
  );
};
