import { GATEWAY_WS_PORT } from '../../core/src';

/** WSO2's WebSocket port (`apim.ws.port`); the TLS port is 8099. */
export const DEFAULT_WS_PORT = GATEWAY_WS_PORT;
/** The gateway answers on loopback only unless told otherwise. */
export const DEFAULT_HOST = '127.0.0.1';

/** How often `--mock` sends an example on a SUBSCRIBE topic. */
export const DEFAULT_MOCK_INTERVAL_MS = 2000;

/** Handshake error texts, exactly as the WSO2 gateway writes them (docs/wso2.md 3.2). */
export const NO_MATCHING_API = 'No matching API was found to dispatch the request for path : ';
export const NO_MATCHING_RESOURCE = 'No matching resource was found to dispatch the request for path : ';
