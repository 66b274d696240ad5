export { startGeminiFake, type GeminiFake, type GeminiFakeOptions } from './gemini-fake';
export { findModel, modelNames, type ModelSpec } from './models';
export { PLACEHOLDER_SIGNATURES } from './signatures';
export { sandboxModel, SANDBOX_LABEL } from './sandbox-model';
export * from './wire';
export { shoppingScript } from './scripts';
