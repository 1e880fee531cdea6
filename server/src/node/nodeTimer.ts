import type { RuntimeEnvironment } from '../languageServer';

export const nodeTimer: RuntimeEnvironment['timer'] = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};
