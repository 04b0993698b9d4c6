/**
 * @generated SignedSource<<e17f5b93903aff96dc6b69f518033405>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type InteractionMethod = "EMAIL" | "LETTER" | "SMS" | "TELEPHONE" | "UNKNOWN" | "%future added value";
export type InteractionStatus = "CANCELLED" | "COMPLETED" | "SCHEDULED" | "UNKNOWN" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type InteractionRow_interaction$data = {
  readonly account: {
    readonly ctrlHubId: string | null | undefined;
  } | null | undefined;
  readonly contact: {
    readonly firstName: string | null | undefined;
    readonly id: string;
    readonly lastName: string | null | undefined;
  } | null | undefined;
  readonly ctrlHubId: string | null | undefined;
  readonly dateTime: string | null | undefined;
  readonly method: InteractionMethod | null | undefined;
  readonly property: {
    readonly address: {
      readonly postcode: string | null | undefined;
    } | null | undefined;
    readonly uprn: string | null | undefined;
  } | null | undefined;
  readonly representative: {
    readonly ctrlHubId: string | null | undefined;
    readonly firstName: string | null | undefined;
    readonly lastName: string | null | undefined;
  } | null | undefined;
  readonly status: InteractionStatus | null | undefined;
  readonly " $fragmentType": "InteractionRow_interaction";
};
export type InteractionRow_interaction$key = {
  readonly " $data"?: InteractionRow_interaction$data;
  readonly " $fragmentSpreads": FragmentRefs<"InteractionRow_interaction">;
};

const node: ReaderFragment = (function(){
var v0 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "ctrlHubId",
  "storageKey": null
},
v1 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "firstName",
  "storageKey": null
},
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "lastName",
  "storageKey": null
};
return {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": null,
  "name": "InteractionRow_interaction",
  "selections": [
    (v0/*:: as any*/),
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
      "name": "status",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "Contact",
      "kind": "LinkedField",
      "name": "contact",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "id",
          "storageKey": null
        },
        (v1/*:: as any*/),
        (v2/*:: as any*/)
      ],
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "Account",
      "kind": "LinkedField",
      "name": "account",
      "plural": false,
      "selections": [
        (v0/*:: as any*/)
      ],
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "Property",
      "kind": "LinkedField",
      "name": "property",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "uprn",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "concreteType": "PropertyAddress",
          "kind": "LinkedField",
          "name": "address",
          "plural": false,
          "selections": [
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "postcode",
              "storageKey": null
            }
          ],
          "storageKey": null
        }
      ],
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
        (v0/*:: as any*/),
        (v1/*:: as any*/),
        (v2/*:: as any*/)
      ],
      "storageKey": null
    }
  ],
  "type": "CtrlHubInteraction",
  "abstractKey": null
};
})();

(node as any).hash = "f5dad493676ef8567a0d160a8067f032";

export default node;
