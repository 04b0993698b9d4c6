/**
 * @generated SignedSource<<88cf28a461284ef74578d6fbea61b1d6>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type ContactProfile_contact$data = {
  readonly alpharunId: string | null | undefined;
  readonly customFields: ReadonlyArray<{
    readonly booleanValue: boolean | null | undefined;
    readonly key: string;
    readonly name: string;
    readonly numberValue: number | null | undefined;
    readonly textValue: string | null | undefined;
    readonly value: unknown | null | undefined;
  }> | null | undefined;
  readonly email: string | null | undefined;
  readonly telephone: string | null | undefined;
  readonly " $fragmentType": "ContactProfile_contact";
};
export type ContactProfile_contact$key = {
  readonly " $data"?: ContactProfile_contact$data;
  readonly " $fragmentSpreads": FragmentRefs<"ContactProfile_contact">;
};

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": null,
  "name": "ContactProfile_contact",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "email",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "telephone",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "alpharunId",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "DataField",
      "kind": "LinkedField",
      "name": "customFields",
      "plural": true,
      "selections": [
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "key",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "name",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "value",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "textValue",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "numberValue",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "booleanValue",
          "storageKey": null
        }
      ],
      "storageKey": null
    }
  ],
  "type": "Contact",
  "abstractKey": null
};

(node as any).hash = "632f7d33111ac29edb600cf662e0ab51";

export default node;
