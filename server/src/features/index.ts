import { apiProjectsFeature } from './apiProjectsFeature';
import { assistFeature } from './assistFeature';
import { designCommandsFeature } from './designCommands';
import type { ServerFeature } from './feature';
import { gatewayListenersFeature } from './gatewayListenersFeature';
import { navigationFeature } from './navigationFeature';

/** Every feature group of the server, in the order their handlers are registered. */
export const FEATURES: readonly ServerFeature[] = [
  apiProjectsFeature,
  designCommandsFeature,
  assistFeature,
  navigationFeature,
  gatewayListenersFeature,
];
