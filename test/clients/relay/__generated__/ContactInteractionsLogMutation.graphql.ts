/**
 * @generated SignedSource<<a3f1cd7ae5ec1505c69dbd410031f340>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type InteractionDirection = "INBOUND" | "OUTBOUND" | "UNKNOWN" | "%future added value";
export type InteractionMethod = "EMAIL" | "LETTER" | "SMS" | "TELEPHONE" | "UNKNOWN" | "%future added value";
export type InteractionStatus = "CANCELLED" | "COMPLETED" | "SCHEDULED" | "UNKNOWN" | "%future added value";
export type LogInteractionInput = {
  accountId?: string | null | undefined;
  clientMutationId?: string | null | undefined;
  contactId?: string | null | undefined;
  contacted?: boolean | null | undefined;
  dateTime: any;
  direction: InteractionDirection;
  method: InteractionMethod;
  notes?: string | null | undefined;
  propertyId?: string | null | undefined;
  representativeId?: string | null | undefined;
  status?: InteractionStatus | null | undefined;
};
export type ContactInteractionsLogMutation$variables = {
  connections: ReadonlyArray<string>;
  input: LogInteractionInput;
};
export type ContactInteractionsLogMutation$data = {
  readonly logInteraction: {
    readonly clientMutationId: string | null | undefined;
    readonly interactionEdge: {
      readonly cursor: string;
      readonly node: {
        readonly id: string;
        readonly method: InteractionMethod | null | undefined;
        readonly notes: string | null | undefined;
      };
    } | null | undefined;
    readonly userErrors: ReadonlyArray<{
      readonly field: string | null | undefined;
      readonly message: string;
    }>;
  } | null | undefined;
};
export type ContactInteractionsLogMutation$rawResponse = {
  readonly logInteraction: {
    readonly clientMutationId: string | null | undefined;
    readonly interactionEdge: {
      readonly cursor: string;
      readonly node: {
        readonly id: string;
        readonly method: InteractionMethod | null | undefined;
        readonly notes: string | null | undefined;
      };
    } | null | undefined;
    readonly userErrors: ReadonlyArray<{
      readonly field: string | null | undefined;
      readonly message: string;
    }>;
  } | null | undefined;
};
export type ContactInteractionsLogMutation = {
  rawResponse: ContactInteractionsLogMutation$rawResponse;
  response: ContactInteractionsLogMutation$data;
  variables: ContactInteractionsLogMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "connections"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "input"
},
v2 = [
  {
    "kind": "Variable",
    "name": "input",
    "variableName": "input"
  }
],
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "clientMutationId",
  "storageKey": null
},
v4 = {
  "alias": null,
  "args": null,
  "concreteType": "InteractionEdge",
  "kind": "LinkedField",
  "name": "interactionEdge",
  "plural": false,
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "cursor",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "CtrlHubInteraction",
      "kind": "LinkedField",
      "name": "node",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "id",
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
          "kind": "ScalarField",
          "name": "method",
          "storageKey": null
        }
      ],
      "storageKey": null
    }
  ],
  "storageKey": null
},
v5 = {
  "alias": null,
  "args": null,
  "concreteType": "UserError",
  "kind": "LinkedField",
  "name": "userErrors",
  "plural": true,
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "field",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "message",
      "storageKey": null
    }
  ],
  "storageKey": null
};
return {
  "fragment": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v1/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "ContactInteractionsLogMutation",
    "selections": [
      {
        "alias": null,
        "args": (v2/*:: as any*/),
        "concreteType": "LogInteractionPayload",
        "kind": "LinkedField",
        "name": "logInteraction",
        "plural": false,
        "selections": [
          (v3/*:: as any*/),
          (v4/*:: as any*/),
          (v5/*:: as any*/)
        ],
        "storageKey": null
      }
    ],
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v1/*:: as any*/),
      (v0/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "ContactInteractionsLogMutation",
    "selections": [
      {
        "alias": null,
        "args": (v2/*:: as any*/),
        "concreteType": "LogInteractionPayload",
        "kind": "LinkedField",
        "name": "logInteraction",
        "plural": false,
        "selections": [
          (v3/*:: as any*/),
          (v4/*:: as any*/),
          {
            "alias": null,
            "args": null,
            "filters": null,
            "handle": "prependEdge",
            "key": "",
            "kind": "LinkedHandle",
            "name": "interactionEdge",
            "handleArgs": [
              {
                "kind": "Variable",
                "name": "connections",
                "variableName": "connections"
              }
            ]
          },
          (v5/*:: as any*/)
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "71547144cfe5b04f9ee93c0b35d98c26",
    "id": null,
    "metadata": {},
    "name": "ContactInteractionsLogMutation",
    "operationKind": "mutation",
    "text": "mutation ContactInteractionsLogMutation(\n  $input: LogInteractionInput!\n) {\n  logInteraction(input: $input) {\n    clientMutationId\n    interactionEdge {\n      cursor\n      node {\n        id\n        notes\n        method\n      }\n    }\n    userErrors {\n      field\n      message\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "85b6035368c3e16c7df8e2bc4249417e";

export default node;
