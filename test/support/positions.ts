/** Zero-based line and character of an offset, the way LSP counts them (UTF-16 code units). */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Removes a `|` cursor marker from a text and returns the text and the marker's offset. */
export function takeMarker(marked: string, marker = '|'): { text: string; offset: number } {
  const offset = marked.indexOf(marker);
  if (offset === -1) {
    throw new Error(`No ${marker} marker in the test text`);
  }
  return { text: marked.slice(0, offset) + marked.slice(offset + marker.length), offset };
}
