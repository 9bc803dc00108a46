/** @module Cloud functions (云函数): typed invoke over tcb/invokecloudfunction. */
export {
  createCloudFunctions,
  type CloudFunctions,
  type CloudFunctionsDeps,
  type CloudFunctionsOptions,
} from './create-cloud-functions.js';
