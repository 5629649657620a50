/**
 * The generated SDK is written for fetch environments (the DOM library, see openapi/sdk/typescript/tsconfig.json).
 * Node's own types declare fetch, Request and RequestInit globally but not the BodyInit alias the SDK names; this
 * supplies it so that the suites can compile the SDK under the server's configuration (no DOM library).
 */
type BodyInit = NonNullable<RequestInit['body']>;
