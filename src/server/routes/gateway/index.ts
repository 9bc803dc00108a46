/** @module The open-API gateway (中控): internal services call WeChat through it without holding tokens. */
export { registerGateway } from './register-gateway.js';
export { gatewayRoutes, type GatewayRoutesOptions } from './gateway-routes.js';
export { parseGatewayTarget, type GatewayTarget } from './gateway-target.js';
