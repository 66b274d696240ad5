export { startGeminiFake, type GeminiFake, type GeminiFakeOptions } from './gemini-fake';
export { FALLBACK_REPLY, sandboxModel, SANDBOX_LABEL } from './sandbox-model';
export * from './wire';
export { shoppingScript } from './scripts';
