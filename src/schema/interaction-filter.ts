import { parseRecordKey } from '../loaders/index.js';
import type { InteractionFilters } from '../upstream/ctrlhub/types.js';
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

type FilterInput = { [K in keyof InteractionFilters]?: readonly (string | number)[] | null };

/** The client's filter as Ctrl-Hub filter values: global ids opened, wrong types refused. */
export function interactionFilters(input: FilterInput | null | undefined): InteractionFilters {
  const local = (key: keyof InteractionFilters, type: NodeTypeName) =>
    input?.[key]?.map((id) => localIdOf(String(id), type, `filter.${key}`));
  // A Contact or Account only Alpharun knows has no Ctrl-Hub interactions: it filters to nothing.
  const ctrlHubOnly = (keys: string[] | undefined) =>
    keys?.flatMap((key) => {
      const parsed = parseRecordKey(key);
      return 'ctrlHubId' in parsed ? [parsed.ctrlHubId] : [];
    });
  return {
    ids: local('ids', 'CtrlHubInteraction'),
    accountIds: ctrlHubOnly(local('accountIds', 'Account')),
    contactIds: ctrlHubOnly(local('contactIds', 'Contact')),
    propertyIds: local('propertyIds', 'Property'),
    representativeIds: local('representativeIds', 'Representative'),
  };
}
