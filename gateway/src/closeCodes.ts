/** Which side of a relayed connection closed. */
export type Side = 'client' | 'backend';

export interface CloseFrame {
  readonly code: number;
  readonly reason: string;
}

/** Close frame reasons may hold at most 123 bytes (RFC 6455 section 5.5). */
const MAX_REASON_BYTES = 123;

/**
 * The close frame to send to one side when the other side closed with `code`. Codes that may not be sent
 * (1005 no status, 1006 abnormal, 1015 TLS, unassigned ones) become 1000, 1001 or 1011 with a reason.
 */
export function forwardedClose(code: number, reason: string, from: Side): CloseFrame {
  if (isSendable(code)) {
    return { code, reason: truncateReason(reason) };
  }
  if (code === 1005) {
    return { code: 1000, reason: '' };
  }
  if (code === 1006) {
    return from === 'backend'
      ? { code: 1011, reason: 'Backend connection lost' }
      : { code: 1001, reason: 'Client connection lost' };
  }
  return { code: 1011, reason: `The ${from} closed with code ${code}` };
}

/** Codes an endpoint may put in a close frame (the set `ws` accepts). */
export function isSendable(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

/** Cuts a reason to 123 UTF-8 bytes without splitting a character. */
export function truncateReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) {
    return reason;
  }
  let cut = '';
  for (const character of reason) {
    if (Buffer.byteLength(cut + character) > MAX_REASON_BYTES) {
      break;
    }
    cut += character;
  }
  return cut;
}

/**
 * The close code `ws` sends when it fails a connection for a protocol error (its error codes name the cause),
 * with a reason, so the other side hears the same code rather than 1006. Undefined for other errors.
 */
export function closeOfError(errorCode: string | undefined): CloseFrame | undefined {
  switch (errorCode) {
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return { code: 1009, reason: 'Message too big' };
    case 'WS_ERR_INVALID_UTF8':
      return { code: 1007, reason: 'Invalid UTF-8 in a text message' };
    default:
      return errorCode?.startsWith('WS_ERR_') ? { code: 1002, reason: 'Protocol error' } : undefined;
  }
}
