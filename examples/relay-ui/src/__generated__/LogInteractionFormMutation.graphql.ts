/**
 * @generated SignedSource<<50f976b9967b5aed802f678ed8a6eb1c>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type InteractionDirection = "INBOUND" | "OUTBOUND" | "UNKNOWN" | "%future added value";
export type InteractionMethod = "EMAIL" | "LETTER" | "SMS" | "TELEPHONE" | "UNKNOWN" | "%future added value";
export type InteractionStatus = "CANCELLED" | "COMPLETED" | "SCHEDULED" | "UNKNOWN" | "%future added value";
export type LogInteractionInput = {
  accountId?: string | null | undefined;
  clientMutationId?: string | null | undefined;
  contactId?: string | null | undefined;
  contacted?: boolean | null | undefined;
  dateTime: string;
  direction: InteractionDirection;
  method: InteractionMethod;
  notes?: string | null | undefined;
  propertyId?: string | null | undefined;
  representativeId?: string | null | undefined;
  status?: InteractionStatus | null | undefined;
};
export type LogInteractionFormMutation$variables = {
  connections: ReadonlyArray<string>;
  input: LogInteractionInput;
};
export type LogInteractionFormMutation$data = {
  readonly logInteraction: {
    readonly interactionEdge: {
      readonly cursor: string;
      readonly node: {
        readonly id: string;
        readonly " $fragmentSpreads": FragmentRefs<"ContactInteractionItem_interaction" | "InteractionRow_interaction">;
      };
    } | null | undefined;
    readonly userErrors: ReadonlyArray<{
      readonly field: string | null | undefined;
      readonly message: string;
    }>;
  } | null | undefined;
};
export type LogInteractionFormMutation$rawResponse = {
  readonly logInteraction: {
    readonly interactionEdge: {
      readonly cursor: string;
      readonly node: {
        readonly account: {
          readonly ctrlHubId: string | null | undefined;
          readonly id: string;
        } | null | undefined;
        readonly contact: {
          readonly firstName: string | null | undefined;
          readonly id: string;
          readonly lastName: string | null | undefined;
        } | null | undefined;
        readonly ctrlHubId: string | null | undefined;
        readonly dateTime: string | null | undefined;
        readonly direction: InteractionDirection | null | undefined;
        readonly id: string;
        readonly method: InteractionMethod | null | undefined;
        readonly notes: string | null | undefined;
        readonly property: {
          readonly address: {
            readonly postcode: string | null | undefined;
          } | null | undefined;
          readonly id: string;
          readonly uprn: string | null | undefined;
        } | null | undefined;
        readonly representative: {
          readonly ctrlHubId: string | null | undefined;
          readonly firstName: string | null | undefined;
          readonly id: string;
          readonly lastName: string | null | undefined;
        } | null | undefined;
        readonly status: InteractionStatus | null | undefined;
      };
    } | null | undefined;
    readonly userErrors: ReadonlyArray<{
      readonly field: string | null | undefined;
      readonly message: string;
    }>;
  } | null | undefined;
};
export type LogInteractionFormMutation = {
  rawResponse: LogInteractionFormMutation$rawResponse;
  response: LogInteractionFormMutation$data;
  variables: LogInteractionFormMutation$variables;
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
  "name": "cursor",
  "storageKey": null
},
v4 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
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
},
v6 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "ctrlHubId",
  "storageKey": null
},
v7 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "firstName",
  "storageKey": null
},
v8 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "lastName",
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
    "name": "LogInteractionFormMutation",
    "selections": [
      {
        "alias": null,
        "args": (v2/*:: as any*/),
        "concreteType": "LogInteractionPayload",
        "kind": "LinkedField",
        "name": "logInteraction",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "InteractionEdge",
            "kind": "LinkedField",
            "name": "interactionEdge",
            "plural": false,
            "selections": [
              (v3/*:: as any*/),
              {
                "alias": null,
                "args": null,
                "concreteType": "CtrlHubInteraction",
                "kind": "LinkedField",
                "name": "node",
                "plural": false,
                "selections": [
                  (v4/*:: as any*/),
                  {
                    "args": null,
                    "kind": "FragmentSpread",
                    "name": "ContactInteractionItem_interaction"
                  },
                  {
                    "args": null,
                    "kind": "FragmentSpread",
                    "name": "InteractionRow_interaction"
                  }
                ],
                "storageKey": null
              }
            ],
            "storageKey": null
          },
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
    "name": "LogInteractionFormMutation",
    "selections": [
      {
        "alias": null,
        "args": (v2/*:: as any*/),
        "concreteType": "LogInteractionPayload",
        "kind": "LinkedField",
        "name": "logInteraction",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "InteractionEdge",
            "kind": "LinkedField",
            "name": "interactionEdge",
            "plural": false,
            "selections": [
              (v3/*:: as any*/),
              {
                "alias": null,
                "args": null,
                "concreteType": "CtrlHubInteraction",
                "kind": "LinkedField",
                "name": "node",
                "plural": false,
                "selections": [
                  (v4/*:: as any*/),
                  (v6/*:: as any*/),
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
                      (v7/*:: as any*/),
                      (v8/*:: as any*/),
                      (v4/*:: as any*/),
                      (v6/*:: as any*/)
                    ],
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
                      (v4/*:: as any*/),
                      (v7/*:: as any*/),
                      (v8/*:: as any*/)
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
                      (v6/*:: as any*/),
                      (v4/*:: as any*/)
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
                      },
                      (v4/*:: as any*/)
                    ],
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
    "cacheID": "61791b26e3ceb4834b9fc9f495735719",
    "id": null,
    "metadata": {},
    "name": "LogInteractionFormMutation",
    "operationKind": "mutation",
    "text": "mutation LogInteractionFormMutation(\n  $input: LogInteractionInput!\n) {\n  logInteraction(input: $input) {\n    interactionEdge {\n      cursor\n      node {\n        id\n        ...ContactInteractionItem_interaction\n        ...InteractionRow_interaction\n      }\n    }\n    userErrors {\n      field\n      message\n    }\n  }\n}\n\nfragment ContactInteractionItem_interaction on CtrlHubInteraction {\n  ctrlHubId\n  dateTime\n  method\n  direction\n  status\n  notes\n  representative {\n    firstName\n    lastName\n    id\n  }\n}\n\nfragment InteractionRow_interaction on CtrlHubInteraction {\n  ctrlHubId\n  dateTime\n  method\n  status\n  contact {\n    id\n    firstName\n    lastName\n  }\n  account {\n    ctrlHubId\n    id\n  }\n  property {\n    uprn\n    address {\n      postcode\n    }\n    id\n  }\n  representative {\n    ctrlHubId\n    firstName\n    lastName\n    id\n  }\n}\n"
  }
};
})();

(node as any).hash = "60ce75d3a9f3f1fc0de8f6fd1cfc6e08";

export default node;
