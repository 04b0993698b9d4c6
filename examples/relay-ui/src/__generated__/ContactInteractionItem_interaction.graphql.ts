/**
 * @generated SignedSource<<3504cc90d4a7e2318a69bb050cfe3278>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type InteractionDirection = "INBOUND" | "OUTBOUND" | "UNKNOWN" | "%future added value";
export type InteractionMethod = "EMAIL" | "LETTER" | "SMS" | "TELEPHONE" | "UNKNOWN" | "%future added value";
export type InteractionStatus = "CANCELLED" | "COMPLETED" | "SCHEDULED" | "UNKNOWN" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type ContactInteractionItem_interaction$data = {
  readonly ctrlHubId: string | null | undefined;
  readonly dateTime: string | null | undefined;
  readonly direction: InteractionDirection | null | undefined;
  readonly method: InteractionMethod | null | undefined;
  readonly notes: string | null | undefined;
  readonly representative: {
    readonly firstName: string | null | undefined;
    readonly lastName: string | null | undefined;
  } | null | undefined;
  readonly status: InteractionStatus | null | undefined;
  readonly " $fragmentType": "ContactInteractionItem_interaction";
};
export type ContactInteractionItem_interaction$key = {
  readonly " $data"?: ContactInteractionItem_interaction$data;
  readonly " $fragmentSpreads": FragmentRefs<"ContactInteractionItem_interaction">;
};

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": null,
  "name": "ContactInteractionItem_interaction",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "ctrlHubId",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "dateTime",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "method",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "direction",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "status",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "notes",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "Representative",
      "kind": "LinkedField",
      "name": "representative",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "firstName",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "lastName",
          "storageKey": null
        }
      ],
      "storageKey": null
    }
  ],
  "type": "CtrlHubInteraction",
  "abstractKey": null
};

(node as any).hash = "6c7141a6231143132097200babe7d536";

export default node;
