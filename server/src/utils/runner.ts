import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

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

/** What an LSP request handler answers: a result, or an error the client shows. */
export type Answer<R> = R | ResponseError<void>;

/**
 * The one way the server answers LSP requests. A request the client cancelled is answered RequestCancelled,
 * before it runs and again if it was cancelled while it waited; a ResponseError the handler throws is the
 * answer (a design command's "the name is taken"); any other error is a bug: it is logged with `what` and the
 * client gets `fallback` (or what it makes of the error), so that one bad document never takes the server down.
 */
export function handler<P, R>(
  connection: { readonly console: { error(message: string): void } },
  what: string,
  fallback: Answer<R> | ((error: unknown) => Answer<R>),
  run: (params: P, token: CancellationToken) => Answer<R> | Promise<Answer<R>>,
): (params: P, token: CancellationToken) => Promise<Answer<R>> {
  return async (params, token) => {
    const cancelled = (): ResponseError<void> =>
      new ResponseError(LSPErrorCodes.RequestCancelled, `The request for ${what} was cancelled.`);
    if (token.isCancellationRequested) {
      return cancelled();
    }
    try {
      const answer = await run(params, token);
      return token.isCancellationRequested ? cancelled() : answer;
    } catch (error) {
      if (error instanceof ResponseError) {
        // Sent as it is, its data too (the field a design command's error is about).
        return error as ResponseError<void>;
      }
      connection.console.error(formatError(`Error while computing ${what}`, error));
      // No LSP answer is a function: a function here makes the answer from the error.
      return typeof fallback === 'function' ? (fallback as (error: unknown) => Answer<R>)(error) : fallback;
    }
  };
}
