import { GatewayListenersNotification } from '../../../core/src/protocol';
import type { ServerFeature } from './feature';

/** `wsapi/gatewayListeners`: the client says where its gateway listens, for the topic URLs hover shows. */
export const gatewayListenersFeature: ServerFeature = {
  capabilities: () => ({}),
  register(context) {
    context.connection.onNotification(GatewayListenersNotification.type, (listeners) => {
      context.projects.gateway = listeners;
    });
  },
};
