import { Alert, Box, Button, Field, Flex, Grid, MultiSelect, MultiSelectOption, SingleSelect, SingleSelectOption, Textarea, Toggle } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import type { ConnectionView, MappableContentType, Mapping, MappingPostKind } from '../api';
import { useT } from '../hooks/useT';
import { handleOf } from '../utils/connections';
import { listFields, mediaFields, templateFields, textFields } from '../utils/mapping';
import { CaptionTemplateField } from './CaptionTemplateField';
import { FieldSelect } from './FieldSelect';
import { MappingAccountWarning } from './MappingAccountWarning';
import { TemplatePreview } from './TemplatePreview';

const POST_KINDS: MappingPostKind[] = ['auto', 'image', 'carousel', 'reel', 'story'];
const ASK = '__ask__';

interface MappingEditorProps {
  type: MappableContentType;
  mapping: Mapping;
  connections: ConnectionView[];
  connectionsKnown: boolean;
  saving: boolean;
  dirty: boolean;
  error?: string;
  onChange: (mapping: Mapping) => void;
  onSave: () => void;
}

/** What gets posted for one content type, from which fields, and a live preview beside it. */
export const MappingEditor = ({ type, mapping, connections, connectionsKnown, saving, dirty, error, onChange, onSave }: MappingEditorProps) => {
  const t = useT();
  const set = <K extends keyof Mapping>(key: K, value: Mapping[K]) => onChange({ ...mapping, [key]: value });
  const account = connections.find((connection) => connection.id === mapping.connectionId) ?? connections[0];
  const prefix = type.uid.replace(/[^\w]/g, '-');

  return (
    <Grid.Root gap={6} data-testid={`mapping-${type.uid}`}>
      <Grid.Item col={7} s={12} direction="column" alignItems="stretch" gap={4}>
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={`${prefix}-enabled`} hint={t('mappings.enabled.hint')}>
              <Field.Label>{t('mappings.enabled')}</Field.Label>
              <Toggle
                onLabel={t('common.on')}
                offLabel={t('common.off')}
                checked={mapping.enabled}
                onChange={(event) => set('enabled', event.currentTarget.checked)}
                data-testid="mapping-enabled"
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={`${prefix}-autoPublish`} hint={t('mappings.autoPublish.hint')}>
              <Field.Label>{t('mappings.autoPublish')}</Field.Label>
              <Toggle
                onLabel={t('common.on')}
                offLabel={t('common.off')}
                checked={mapping.autoPublish}
                disabled={!mapping.enabled}
                onChange={(event) => set('autoPublish', event.currentTarget.checked)}
                data-testid="mapping-autoPublish"
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={`${prefix}-connection`} hint={t('mappings.connection.hint')}>
              <Field.Label>{t('mappings.connection')}</Field.Label>
              <SingleSelect
                value={mapping.connectionId ?? ASK}
                onChange={(value) => set('connectionId', value === ASK ? null : String(value))}
                data-testid="mapping-connection"
              >
                <SingleSelectOption value={ASK}>{t('mappings.connection.ask')}</SingleSelectOption>
                {connections.map((connection) => (
                  <SingleSelectOption key={connection.id} value={connection.id}>
                    {handleOf(connection)}
                  </SingleSelectOption>
                ))}
                {/* A disconnected account still has to show as the current choice, named as such. */}
                {connectionsKnown && mapping.connectionId && !connections.some((connection) => connection.id === mapping.connectionId) ? (
                  <SingleSelectOption value={mapping.connectionId}>{t('mappings.connection.disconnected')}</SingleSelectOption>
                ) : null}
              </SingleSelect>
              <Field.Hint />
              {connectionsKnown && mapping.enabled ? <MappingAccountWarning connectionId={mapping.connectionId} connections={connections} /> : null}
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={`${prefix}-postKind`} hint={t('mappings.postKind.hint')}>
              <Field.Label>{t('mappings.postKind')}</Field.Label>
              <SingleSelect value={mapping.postKind} onChange={(value) => set('postKind', value as MappingPostKind)}>
                {POST_KINDS.map((kind) => (
                  <SingleSelectOption key={kind} value={kind}>
                    {t(`postKind.${kind}`)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root name={`${prefix}-mediaFields`} hint={t('mappings.mediaFields.hint')}>
              <Field.Label>{t('mappings.mediaFields')}</Field.Label>
              <MultiSelect value={mapping.mediaFields} onChange={(value) => set('mediaFields', value)} withTags>
                {mediaFields(type).map((field) => (
                  <MultiSelectOption key={field.name} value={field.name}>
                    {field.name}
                  </MultiSelectOption>
                ))}
              </MultiSelect>
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <CaptionTemplateField
              name={`${prefix}-captionTemplate`}
              label={t('mappings.captionTemplate')}
              hint={t('mappings.captionTemplate.hint')}
              value={mapping.captionTemplate}
              fields={templateFields(type)}
              onChange={(value) => set('captionTemplate', value)}
            />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <FieldSelect
              name={`${prefix}-altTextField`}
              label={t('mappings.altTextField')}
              hint={t('mappings.altTextField.hint')}
              fields={textFields(type)}
              value={mapping.altTextField}
              onChange={(value) => set('altTextField', value)}
            />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <FieldSelect
              name={`${prefix}-locationIdField`}
              label={t('mappings.locationIdField')}
              hint={t('mappings.locationIdField.hint')}
              fields={textFields(type)}
              value={mapping.locationIdField}
              onChange={(value) => set('locationIdField', value)}
            />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <FieldSelect
              name={`${prefix}-userTagsField`}
              label={t('mappings.userTagsField')}
              hint={t('mappings.userTagsField.hint')}
              fields={listFields(type)}
              value={mapping.userTagsField}
              onChange={(value) => set('userTagsField', value)}
            />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <FieldSelect
              name={`${prefix}-collaboratorsField`}
              label={t('mappings.collaboratorsField')}
              hint={t('mappings.collaboratorsField.hint')}
              fields={listFields(type)}
              value={mapping.collaboratorsField}
              onChange={(value) => set('collaboratorsField', value)}
            />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <FieldSelect
              name={`${prefix}-firstCommentField`}
              label={t('mappings.firstCommentField')}
              hint={t('mappings.firstCommentField.hint')}
              fields={textFields(type)}
              value={mapping.firstCommentField ?? null}
              onChange={(value) => set('firstCommentField', value)}
            />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <FieldSelect
              name={`${prefix}-coverField`}
              label={t('mappings.coverField')}
              hint={t('mappings.coverField.hint')}
              fields={mediaFields(type)}
              value={mapping.coverField ?? null}
              onChange={(value) => set('coverField', value)}
            />
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root name={`${prefix}-firstComment`} hint={t('mappings.firstCommentTemplate.hint')}>
              <Field.Label>{t('mappings.firstCommentTemplate')}</Field.Label>
              <Textarea
                value={mapping.firstCommentTemplate ?? ''}
                onChange={(event) => set('firstCommentTemplate', event.target.value || null)}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name={`${prefix}-shareToFeed`} hint={t('mappings.shareToFeed.hint')}>
              <Field.Label>{t('mappings.shareToFeed')}</Field.Label>
              <Toggle
                onLabel={t('common.on')}
                offLabel={t('common.off')}
                checked={mapping.shareToFeed}
                onChange={(event) => set('shareToFeed', event.currentTarget.checked)}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        {error ? (
          <Alert variant="danger" title={t('mappings.invalid')} closeLabel={t('common.close')} data-testid="mapping-error">
            {error}
          </Alert>
        ) : null}
        <Flex justifyContent="flex-end">
          <Button startIcon={<Check />} onClick={onSave} loading={saving} disabled={!dirty} data-testid="mapping-save">
            {t('common.save')}
          </Button>
        </Flex>
      </Grid.Item>
      <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
        <Box position="sticky" top={0}>
          <TemplatePreview uid={type.uid} mapping={mapping} account={account} />
        </Box>
      </Grid.Item>
    </Grid.Root>
  );
};
