import type { InteractionFilterKeys } from '../loaders/index.js';
import { builder } from './builder.js';
import { localIdOf, type NodeTypeName } from './global-id.js';

export const InteractionFilter = builder.inputType('InteractionFilter', {
  description: 'Narrows the interactions; ids are global ids of the matching type or raw Ctrl-Hub ids. All given filters must match.',
  fields: (t) => ({
    ids: t.idList({ required: false }),
    accountIds: t.idList({ required: false }),
    contactIds: t.idList({ required: false }),
    propertyIds: t.idList({ required: false }),
    representativeIds: t.idList({ required: false }),
  }),
});

type FilterInput = { [K in keyof InteractionFilterKeys]?: readonly (string | number)[] | null };

/** The client's filter in node keys: global ids opened, wrong types refused. */
export function interactionFilter(input: FilterInput | null | undefined): InteractionFilterKeys {
  const keys = (field: keyof InteractionFilterKeys, type: NodeTypeName) =>
    input?.[field]?.map((id) => localIdOf(String(id), type, `filter.${field}`));
  return {
    ids: keys('ids', 'CtrlHubInteraction'),
    accountIds: keys('accountIds', 'Account'),
    contactIds: keys('contactIds', 'Contact'),
    propertyIds: keys('propertyIds', 'Property'),
    representativeIds: keys('representativeIds', 'Representative'),
  };
}
