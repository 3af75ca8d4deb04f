export {
  startOidcProvider,
  type TestAccount,
  type TestOidcClient,
  type TestOidcProvider,
  type TestOidcProviderOptions,
} from "./oidc-provider";
export { denyAt, signInAt } from "./sign-in";
export { createTestSecretBox } from "./secret-box";
