/** Formats an unexpected error for the server log: message and stack, never the document text. */
export function formatError(message: string, error: unknown): string {
  if (error instanceof Error) {
    return `${message}: ${error.message}\n${error.stack ?? ''}`;
  }
  return `${message}: ${String(error)}`;
}

/**
 * Runs a handler so that a bug in it is logged and answered with a default value: one bad document
 * must never take the server down.
 */
export function runSafe<T>(
  log: (message: string) => void,
  func: () => T,
  errorValue: T,
  errorMessage: string,
): T {
  try {
    return func();
  } catch (error) {
    log(formatError(errorMessage, error));
    return errorValue;
  }
}
